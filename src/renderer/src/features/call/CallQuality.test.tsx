// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';
import { mosBand, sparklinePoints } from './CallQuality.js';

let h: Harness | undefined;
cleanupAfterEach();

const active = (patch = {}) => makeCall({ phase: 'active', answeredAt: Date.now(), ...patch });

describe('call quality and reconnection', () => {
  it('maps MOS to the §9.5 bands and draws the chart inside its box', () => {
    expect(mosBand(4.4)).toBe('excellent');
    expect(mosBand(4.1)).toBe('good');
    expect(mosBand(3.7)).toBe('fair');
    expect(mosBand(2.5)).toBe('poor');
    expect(sparklinePoints([4.5, 1, 9], 100, 20)).toBe('0.0,0.0 50.0,20.0 100.0,0.0');
    expect(sparklinePoints([], 100, 20)).toBe('');
  });

  it('shows MOS, the chart and the exact weak-connection sentences', async () => {
    h = renderApp({ state: signedInState({ call: active({ quality: { mos: 4.4, series: [4.4, 4.3, 4.4], remoteMos: 4.4, weakLocal: false, weakRemote: false } }) }) });
    expect(await screen.findByText('Call quality 4.4 (excellent)')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Call quality over the last minute' })).toBeTruthy();
    expect(screen.queryByText('Your connection is weak.')).toBeNull();
    await h.emitState({ call: active({ quality: { mos: 3.2, series: [4.4, 3.2], remoteMos: 3.1, weakLocal: true, weakRemote: true } }) });
    expect(screen.getByText('Call quality 3.2 (poor)')).toBeTruthy();
    expect(screen.getByText('Your connection is weak.')).toBeTruthy();
    expect(screen.getByText("The customer's connection is weak.")).toBeTruthy();
  });

  it('shows the reconnecting banner while main restores the call', async () => {
    h = renderApp({ state: signedInState({ call: active({ reconnecting: true }) }) });
    expect((await screen.findByRole('alert')).textContent).toBe('Connection lost. Reconnecting the call…');
    await h.emitState({ call: active({ reconnecting: false }) });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
