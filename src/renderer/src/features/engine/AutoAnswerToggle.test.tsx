// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, signedInState, type Harness } from '../../test/harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
  cleanup();
  localStorage.clear();
});

describe('auto-answer option', () => {
  it('is off by default, asks main to change it, and shows what main reports', async () => {
    h = renderApp({ state: signedInState() });
    await h.user.click(await screen.findByRole('button', { name: /Profile menu/ }));
    const box = screen.getByRole('checkbox', { name: 'Auto-answer' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.getAttribute('aria-describedby')).toBeTruthy();
    await h.user.click(box);
    expect(h.handlers.setAutoAnswer).toHaveBeenCalledWith({ on: true }, expect.anything());
    // The checkbox follows main's state (persisted there), not its own click.
    await h.emitState({ autoAnswer: true });
    expect((screen.getByRole('checkbox', { name: 'Auto-answer' }) as HTMLInputElement).checked).toBe(true);
    await h.user.click(screen.getByRole('checkbox', { name: 'Auto-answer' }));
    expect(h.handlers.setAutoAnswer).toHaveBeenLastCalledWith({ on: false }, expect.anything());
  });

  it('starts checked when main restored it from the settings, and is translated', async () => {
    h = renderApp({ state: { ...signedInState(), autoAnswer: true }, locale: 'ja' });
    await h.user.click(await screen.findByRole('button', { name: /プロフィールメニュー/ }));
    expect((screen.getByRole('checkbox', { name: '自動応答' }) as HTMLInputElement).checked).toBe(true);
  });
});
