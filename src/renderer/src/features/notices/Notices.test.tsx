// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, renderApp, signedInState } from '../../test/harness.js';

cleanupAfterEach();

describe('notices', () => {
  it('permission denied: the exact spec sentence plus how to re-enable', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emit('notice', { level: 'error', code: 'permission_denied', message: 'getUserMedia: NotAllowedError' });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Permission to use camera and/or microphone was denied.')).toBeTruthy();
    expect(alert.textContent).toMatch(/settings.*allow the microphone.*try the call again/);
    await h.user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('uses our wording for known codes, main’s message otherwise; info is a status, errors are alerts', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emit('notice', { level: 'warning', code: 'weak_connection', message: 'MOS 3.2' });
    await h.emit('notice', { level: 'warning', code: 'customer_weak_connection', message: 'remote MOS 3.1' });
    await h.emit('notice', { level: 'info', code: 'something_new', message: 'Recording uploaded.' });
    expect(screen.getByText('Your connection is weak.').closest('[role="status"]')).toBeTruthy();
    expect(screen.getByText("The customer's connection is weak.")).toBeTruthy();
    expect(screen.getByText('Recording uploaded.')).toBeTruthy();
    await h.emit('notice', { level: 'error', code: 'boom', message: 'Something broke.' });
    expect(screen.getByRole('alert').textContent).toContain('Something broke.');
  });

  it('renders notices in Japanese', async () => {
    const h = renderApp({ state: signedInState(), locale: 'ja' });
    await screen.findByText('Alice Example');
    await h.emit('notice', { level: 'error', code: 'permission_denied', message: 'x' });
    expect((await screen.findByRole('alert')).textContent).toContain('カメラまたはマイクの使用が許可されませんでした。');
  });
});
