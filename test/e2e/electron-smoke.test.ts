// Packaged-app smoke test through Playwright's Electron launcher. Runs only where an Electron binary exists.
import { _electron as electron } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron.js';
import { ROOT, tempDir } from '../support/processes.js';

const bin = electronBinary();
if (!bin) console.log(`electron-smoke skipped: ${ELECTRON_SKIP_REASON}`);

describe.skipIf(!bin)(`Electron smoke${bin ? '' : ` (skipped: ${ELECTRON_SKIP_REASON})`}`, () => {
  it('starts a sandboxed window with a strict CSP and the bridge', async () => {
    const app = await electron.launch({
      executablePath: bin!,
      args: [path.join(ROOT, 'dist/main/electron-main.cjs'), '--no-sandbox'],
      env: { ...process.env, SOFTPHONE_USER_DATA: tempDir('electron-user-data') },
    });
    try {
      const win = await app.firstWindow();
      await win.getByRole('button', { name: 'Sign in' }).waitFor();
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        // Not in Electron's published typings, but present at run time.
        const wc = w.webContents as unknown as { getLastWebPreferences(): { sandbox?: boolean; contextIsolation?: boolean; nodeIntegration?: boolean } | null };
        const p = wc.getLastWebPreferences();
        return { sandbox: p?.sandbox, contextIsolation: p?.contextIsolation, nodeIntegration: p?.nodeIntegration };
      });
      expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(await win.evaluate(() => typeof (window as unknown as { softphone?: unknown }).softphone)).toBe('object');
      expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    } finally {
      await app.close();
    }
  });

  it('Desktop settings: hotkeys registered with the OS after sign-in, close to tray saved in userData', async () => {
    const userData = tempDir('electron-user-data');
    const app = await electron.launch({
      executablePath: bin!,
      args: [path.join(ROOT, 'dist/main/electron-main.cjs'), '--no-sandbox'],
      env: { ...process.env, SOFTPHONE_USER_DATA: userData },
    });
    try {
      const win = await app.firstWindow();
      await win.getByLabel('Login').fill('alice');
      await win.getByLabel('Password').fill('alice');
      await win.getByRole('button', { name: 'Sign in' }).click();
      await win.getByRole('status').filter({ hasText: /^Registered$/ }).waitFor({ timeout: 30_000 });
      await expect.poll(() => app.evaluate(({ globalShortcut }) => globalShortcut.isRegistered('CommandOrControl+Alt+Shift+A')), { timeout: 10_000 }).toBe(true);
      await win.getByRole('button', { name: /Profile menu/ }).click();
      await win.getByRole('button', { name: 'Desktop settings' }).click();
      const dialog = win.getByRole('dialog', { name: 'Desktop settings' });
      await dialog.waitFor();
      // The installed app can do all of it: no browser note.
      expect(await dialog.getByText(/work only in the installed desktop app/).count()).toBe(0);
      await dialog.getByRole('checkbox', { name: 'Close to tray' }).uncheck();
      await dialog.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const onDisk = JSON.parse(readFileSync(path.join(userData, 'desktop-settings.json'), 'utf8')) as { closeToTray?: boolean };
      expect(onDisk.closeToTray).toBe(false);
    } finally {
      await app.close();
    }
  });
});
