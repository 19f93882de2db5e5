// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, renderApp, signedInState } from '../../test/harness.js';

cleanupAfterEach();

describe('auto-answer option', () => {
  it('is off by default, asks main to change it, and shows what main reports', async () => {
    const h = renderApp({ state: signedInState() });
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
    const h = renderApp({ state: { ...signedInState(), autoAnswer: true }, locale: 'ja' });
    await h.user.click(await screen.findByRole('button', { name: /プロフィールメニュー/ }));
    expect((screen.getByRole('checkbox', { name: '自動応答' }) as HTMLInputElement).checked).toBe(true);
  });
});
