// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, renderApp, signedInState } from '../../test/harness.js';

cleanupAfterEach();

const statusTexts = () => screen.getAllByRole('status').map((e) => e.textContent);

describe('header', () => {
  it('shows the registration indicator texts', async () => {
    const h = renderApp({ state: signedInState({ registration: { state: 'connecting', reason: null } }) });
    await screen.findByText('Alice Example');
    expect(statusTexts()).toContain('Connecting…');
    await h.emitState({ registration: { state: 'registered', reason: null } });
    expect(statusTexts()).toContain('Registered');
    await h.emitState({ registration: { state: 'unregistered', reason: null } });
    expect(statusTexts()).toContain('Not registered');
    await h.emitState({ registration: { state: 'failed', reason: '403 Forbidden' } });
    expect(statusTexts()).toContain('Registration failed: 403 Forbidden');
  });

  it('sets the status through the bridge and shows system statuses', async () => {
    const h = renderApp({ state: signedInState({ agentStatus: 'Offline' }) });
    const select = (await screen.findByLabelText('Status')) as HTMLSelectElement;
    expect([...select.options].filter((o) => !o.disabled).map((o) => o.text)).toEqual(['Available', 'Busy', 'Away', 'Offline']);
    await h.user.selectOptions(select, 'Available');
    expect(h.handlers.setStatus).toHaveBeenCalledWith({ status: 'Available' }, expect.anything());
    await h.emitState({ agentStatus: 'Available' });
    expect(select.value).toBe('Available');
    await h.emitState({ agentStatus: 'On hold' });
    expect(select.value).toBe('On hold');
    expect(select.selectedOptions[0]?.text).toBe('On hold');
    expect(select.selectedOptions[0]?.disabled).toBe(true);
    await h.emitState({ agentStatus: 'Busy' });
    expect(select.selectedOptions[0]?.text).toBe('Busy');
  });

  it('signs out from the profile menu', async () => {
    const h = renderApp({ state: signedInState() });
    await h.user.click(await screen.findByRole('button', { name: /Profile menu/ }));
    await h.user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(h.handlers.signOut).toHaveBeenCalledTimes(1);
    await h.emitState({ session: null });
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('switches the whole UI to Japanese at run time and remembers it', async () => {
    let h = renderApp({ state: signedInState() });
    await h.user.click(await screen.findByRole('button', { name: /Profile menu/ }));
    await h.user.selectOptions(await screen.findByLabelText('Language'), 'ja');
    expect(await screen.findByLabelText('ステータス')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'ログアウト' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '着信を受け付けています' })).toBeTruthy();
    expect(statusTexts()).toContain('登録済み');
    expect(screen.getByRole('button', { name: '発信' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('ja');
    expect(localStorage.getItem('softphone.locale')).toBe('ja');
    // The status values sent to main stay the contract's, whatever the language.
    await h.user.selectOptions(screen.getByLabelText('ステータス'), '離席中');
    expect(h.handlers.setStatus).toHaveBeenCalledWith({ status: 'Away' }, expect.anything());
    h.unmount();
    cleanup();
    h = renderApp({ state: signedInState() });
    await h.user.click(await screen.findByRole('button', { name: /プロフィールメニュー/ }));
    expect(await screen.findByLabelText('言語')).toBeTruthy();
    await h.user.selectOptions(screen.getByLabelText('言語'), 'English');
    await waitFor(() => expect(screen.getByLabelText('Status')).toBeTruthy());
  });
});
