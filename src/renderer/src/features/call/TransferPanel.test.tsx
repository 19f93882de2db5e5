// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});

const inCall = () => signedInState({ call: makeCall({ callId: 'c1', phase: 'active', answeredAt: Date.now() }) });

describe('transfer panel', () => {
  it('has Agents / Queues / Number tabs, reachable with the arrow keys', async () => {
    h = renderApp({ state: inCall() });
    await h.user.click(await screen.findByRole('button', { name: 'Transfer' }));
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Agents', 'Queues', 'Number']);
    expect(tabs[0]?.getAttribute('aria-selected')).toBe('true');
    tabs[0]?.focus();
    await h.user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Queues' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Queues' }));
    expect(screen.getByRole('tabpanel', { name: 'Queues' })).toBeTruthy();
    await h.user.type(screen.getByLabelText('Queue'), 'billing');
    await h.user.click(screen.getByRole('button', { name: 'Transfer call' }));
    expect(h.handlers.transfer).toHaveBeenCalledWith({ callId: 'c1', target: 'billing' }, expect.anything());
  });

  it('Number: Transfer stays disabled until the number is valid E.164, then sends the compact form', async () => {
    h = renderApp({ state: inCall() });
    await h.user.click(await screen.findByRole('button', { name: 'Transfer' }));
    await h.user.click(screen.getByRole('tab', { name: 'Number' }));
    const field = screen.getByLabelText('Phone number');
    const submit = screen.getByRole('button', { name: 'Transfer call' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await h.user.type(field, '0312345678');
    expect(submit.disabled).toBe(true);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Enter the number in international format/)).toBeTruthy();
    await h.user.clear(field);
    await h.user.type(field, '+44 20 7946 0000');
    expect(screen.getByText('Transfers to +44 20 7946 0000')).toBeTruthy();
    expect(submit.disabled).toBe(false);
    await h.user.keyboard('{Enter}');
    expect(h.handlers.transfer).toHaveBeenCalledWith({ callId: 'c1', target: '+442079460000' }, expect.anything());
  });

  it('is translated', async () => {
    h = renderApp({ state: inCall(), locale: 'ja' });
    await h.user.click(await screen.findByRole('button', { name: '転送' }));
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['エージェント', 'キュー', '電話番号']);
  });
});
