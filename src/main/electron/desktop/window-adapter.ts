// Window adapter: BrowserWindow behind the WindowPort, the quit question as a native dialog, the displays'
// work areas for bounds restoring, and the close/before-quit/focus wiring to the WindowLifecycle.
import { dialog, screen, type BrowserWindow } from 'electron';
import { DEFAULT_WINDOW_SIZE, type DesktopIntegration } from '../../services/desktop/desktop-integration.js';
import type { SettingsStore } from '../../services/desktop/settings-store.js';
import { restoreBounds, type QuitDialogPort, type Rect, type RestoredBounds, type WindowPort } from '../../services/desktop/window-policy.js';

export function windowPort(win: BrowserWindow): WindowPort {
  return {
    show: () => win.show(),
    hide: () => win.hide(),
    focus: () => win.focus(),
    restore: () => win.restore(),
    isMinimized: () => win.isMinimized(),
    isFocused: () => win.isFocused(),
    requestAttention: (on) => win.flashFrame(on),
  };
}

export function quitDialog(win: BrowserWindow): QuitDialogPort {
  return {
    confirm: async (t) => {
      const { response } = await dialog.showMessageBox(win, {
        type: 'warning',
        message: t.message,
        buttons: [t.confirm, t.cancel],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      return response === 0;
    },
  };
}

/** Call after `app.whenReady()` (screen is not usable before). */
export const workAreas = (): Rect[] => screen.getAllDisplays().map((d) => d.workArea);

/**
 * Close-to-tray and bounds saving on the window's `close`; stop flashing once focused. The app's
 * `before-quit` stays with the composition root, which must call desktop.lifecycle.onBeforeQuit(event) first
 * and skip its shutdown when that returns false (the agent is being asked, or said Cancel).
 */
export function wireWindow(win: BrowserWindow, desktop: DesktopIntegration): void {
  win.on('close', (event) => {
    desktop.saveWindowBounds(win.getNormalBounds(), win.isMaximized());
    desktop.lifecycle.onWindowClose(event);
  });
  win.on('focus', () => win.flashFrame(false));
}

/** Bounds to create the BrowserWindow with (call after `app.whenReady()`): saved ones if still on a screen. */
export const savedWindowBounds = (settings: SettingsStore): RestoredBounds =>
  restoreBounds(settings.get().windowBounds, workAreas(), DEFAULT_WINDOW_SIZE);
