// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DesktopPreferencesPatch, DesktopView, HotkeyAction } from '../../../../shared/desktop-contract.js';
import { cleanupAfterEach, renderApp, signedInState, type Harness } from '../../test/harness.js';

cleanupAfterEach();

const DEFAULTS: Record<HotkeyAction, string> = {
  answer: 'CommandOrControl+Alt+Shift+A',
  holdResume: 'CommandOrControl+Alt+Shift+H',
  hangup: 'CommandOrControl+Alt+Shift+E',
  mute: 'CommandOrControl+Alt+Shift+M',
};

/** A scripted main process: applies patches, refuses combinations "another application" holds. */
function fakeMain(options: { taken?: string[]; browser?: boolean } = {}) {
  const taken = new Set(options.taken ?? []);
  const full = !options.browser;
  let view: DesktopView = {
    preferences: { locale: 'en', closeToTray: true, launchAtLogin: false, hotkeys: { ...DEFAULTS } },
    hotkeys: (Object.keys(DEFAULTS) as HotkeyAction[]).map((action) => ({ action, accelerator: DEFAULTS[action], failure: null })),
    secureStorage: full,
    capabilities: { globalHotkeys: full, tray: full, launchAtLogin: full },
  };
  const patches: DesktopPreferencesPatch[] = [];
  return {
    patches,
    handlers: {
      getDesktopSettings: () => view,
      updateDesktopSettings: (patch: DesktopPreferencesPatch) => {
        patches.push(patch);
        const { hotkeys, ...rest } = patch;
        view = { ...view, preferences: { ...view.preferences, ...rest } };
        for (const [action, accelerator] of Object.entries(hotkeys ?? {}) as Array<[HotkeyAction, string | null]>) {
          view.hotkeys = view.hotkeys.map((s) => {
            if (s.action !== action) return s;
            if (accelerator && taken.has(accelerator)) {
              return { ...s, failure: { requested: accelerator, problem: 'taken' as const, message: `${accelerator} is used by another application.` } };
            }
            return { action, accelerator, failure: null };
          });
        }
        return view;
      },
    },
  };
}

async function openDesktopSettings(harness: Harness) {
  await harness.user.click(await screen.findByRole('button', { name: /Profile menu/ }));
  await harness.user.click(await screen.findByRole('button', { name: 'Desktop settings' }));
  return screen.findByRole('dialog', { name: 'Desktop settings' });
}

const row = (dialog: HTMLElement, name: string) => within(dialog).getByRole('group', { name });

describe('Desktop settings', () => {
  it('opens from the profile menu with the keyboard and shows every hotkey', async () => {
    const main = fakeMain();
    const h = renderApp({ state: signedInState(), handlers: main.handlers });
    const profile = await screen.findByRole('button', { name: /Profile menu/ });
    profile.focus();
    await h.user.keyboard('{Enter}');
    await h.user.tab(); // Audio and video settings
    await h.user.tab(); // Desktop settings
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Desktop settings' }));
    await h.user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Desktop settings' });
    for (const [name, accel] of [['Answer', DEFAULTS.answer], ['Hold / resume', DEFAULTS.holdResume], ['Hang up', DEFAULTS.hangup], ['Mute', DEFAULTS.mute]] as const) {
      expect(await within(dialog).findByRole('group', { name })).toBeTruthy();
      expect(within(row(dialog, name)).getByText(accel)).toBeTruthy();
      expect(within(dialog).getByRole('button', { name: `Change hotkey: ${name}` })).toBeTruthy();
    }
    expect(within(dialog).queryByText(/in a browser/)).toBeNull();
    // Escape closes and focus goes back to the profile button.
    await h.user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(profile);
  });

  it('records a new hotkey by pressing the combination', async () => {
    const main = fakeMain();
    const h = renderApp({ state: signedInState(), handlers: main.handlers });
    const dialog = await openDesktopSettings(h);
    await h.user.click(await within(dialog).findByRole('button', { name: 'Change hotkey: Answer' }));
    expect(within(dialog).getByRole('button', { name: /Press the new key combination for Answer/ })).toBeTruthy();
    await h.user.keyboard('{Control>}{Alt>}K{/Alt}{/Control}');
    await waitFor(() => expect(main.patches).toContainEqual({ hotkeys: { answer: 'CommandOrControl+Alt+K' } }));
    expect(await within(row(dialog, 'Answer')).findByText('CommandOrControl+Alt+K')).toBeTruthy();
    expect(within(dialog).getByRole('status')).toHaveProperty('textContent', 'Saved.');
  });

  it('shows why a combination was refused and that the previous one stays', async () => {
    const main = fakeMain({ taken: ['CommandOrControl+Alt+K'] });
    const h = renderApp({ state: signedInState(), handlers: main.handlers });
    const dialog = await openDesktopSettings(h);
    await h.user.click(await within(dialog).findByRole('button', { name: 'Change hotkey: Mute' }));
    await h.user.keyboard('{Control>}{Alt>}K{/Alt}{/Control}');
    const alert = await within(row(dialog, 'Mute')).findByRole('alert');
    expect(alert.textContent).toBe(`CommandOrControl+Alt+K was not set: another application already uses it. ${DEFAULTS.mute} stays in use.`);
    expect(within(row(dialog, 'Mute')).getByText(DEFAULTS.mute)).toBeTruthy();
  });

  it('Escape while recording cancels the recording, not the dialog; Remove clears a hotkey', async () => {
    const main = fakeMain();
    const h = renderApp({ state: signedInState(), handlers: main.handlers });
    const dialog = await openDesktopSettings(h);
    await h.user.click(await within(dialog).findByRole('button', { name: 'Change hotkey: Hang up' }));
    await h.user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Desktop settings' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Change hotkey: Hang up' })).toBeTruthy();
    expect(main.patches).toEqual([]);
    await h.user.click(within(dialog).getByRole('button', { name: 'Remove hotkey: Hang up' }));
    await waitFor(() => expect(main.patches).toContainEqual({ hotkeys: { hangup: null } }));
    expect(await within(row(dialog, 'Hang up')).findByText('None')).toBeTruthy();
  });

  it('changes close to tray, launch at login and the language (UI at once, main remembers)', async () => {
    const main = fakeMain();
    const h = renderApp({ state: signedInState(), handlers: main.handlers });
    const dialog = await openDesktopSettings(h);
    const tray = (await within(dialog).findByRole('checkbox', { name: 'Close to tray' })) as HTMLInputElement;
    expect(tray.checked).toBe(true);
    await h.user.click(tray);
    await waitFor(() => expect(tray.checked).toBe(false));
    expect(main.patches).toContainEqual({ closeToTray: false });
    await h.user.click(within(dialog).getByRole('checkbox', { name: 'Launch at login' }));
    await waitFor(() => expect(main.patches).toContainEqual({ launchAtLogin: true }));
    await h.user.selectOptions(within(dialog).getByRole('combobox', { name: 'Language' }), 'ja');
    expect(await screen.findByRole('dialog', { name: 'デスクトップ設定' })).toBeTruthy();
    expect(within(dialog).getByRole('checkbox', { name: '閉じるとタスクトレイに格納' })).toBeTruthy();
    expect(within(dialog).getByRole('group', { name: '保留 / 再開' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'ホットキーを変更: 応答' })).toBeTruthy();
    await waitFor(() => expect(main.patches).toContainEqual({ locale: 'ja' }));
  });

  it('in the browser says that hotkeys, tray and launch at login apply in the desktop app only', async () => {
    const h = renderApp({ state: signedInState(), handlers: fakeMain({ browser: true }).handlers });
    const dialog = await openDesktopSettings(h);
    expect(await within(dialog).findByText(/Global hotkeys, the tray and launch at login work only in the installed desktop app/)).toBeTruthy();
  });

  it('a language chosen in the profile menu is handed to main as well', async () => {
    const main = fakeMain();
    const h = renderApp({ state: signedInState(), handlers: main.handlers });
    await h.user.click(await screen.findByRole('button', { name: /Profile menu/ }));
    await h.user.selectOptions(await screen.findByLabelText('Language'), 'ja');
    await waitFor(() => expect(main.patches).toContainEqual({ locale: 'ja' }));
  });
});

describe('click-to-dial in the UI', () => {
  it('a dialRequest prefills the outbound "To" field and focuses it, without dialling', async () => {
    const h = renderApp({ state: signedInState() });
    const to = (await screen.findByLabelText('To')) as HTMLInputElement;
    await h.emit('dialRequest', { target: '+81312345678' });
    await waitFor(() => expect(to.value).toBe('+81312345678'));
    expect(document.activeElement).toBe(to);
    expect(h.handlers.dial).not.toHaveBeenCalled();
    expect(h.store.getSnapshot().dialRequest).toBeNull();
  });

  it('a request that arrives during wrap-up waits until the form is back', async () => {
    const h = renderApp({ state: signedInState({ wrapUp: { callId: 'c1', conversationId: null, endsAt: Date.now() + 60_000, canExtend: false } }) });
    await screen.findByText('Alice Example');
    expect(screen.queryByLabelText('To')).toBeNull();
    await h.emit('dialRequest', { target: 'sip:bob@softphone.test' });
    await h.emitState({ wrapUp: null });
    const to = (await screen.findByLabelText('To')) as HTMLInputElement;
    await waitFor(() => expect(to.value).toBe('sip:bob@softphone.test'));
  });
});
