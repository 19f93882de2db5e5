// Desktop settings and click-to-dial in Debian's Chromium through the web host (issue 6): the screen opens
// from the profile menu with the keyboard only, close to tray and language are changed and survive a reload
// and a restart of the web host on the same data directory, a refused hotkey shows its reason, the dialog has
// no serious axe violations, and a `?dial=` link goes through main's click-to-dial into the "To" field.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserPages } from '../support/e2e-stack.js';
import { startCompanionProcess, startWebHostProcess, tempDir, type Service } from '../support/processes.js';
import { focusedName, registered, seriousViolations, signIn, tabTo } from './ui-support.js';

let companion: Service;
let web: Service;
let pages: BrowserPages;
const dataDir = tempDir('desktop-data');

async function openWithKeyboard(page: Page, menuItem: string) {
  await page.getByRole('button', { name: /Profile menu|プロフィールメニュー/ }).focus();
  await page.keyboard.press('Enter');
  await tabTo(page, menuItem, 10);
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  companion = await startCompanionProcess(tempDir('companion'));
  web = await startWebHostProcess(companion.url, ['--data-dir', dataDir]);
  // bypassCSP only so axe can be injected; the app itself runs under its normal CSP otherwise.
  pages = await openBrowser({ bypassCSP: true });
}, 120_000);

afterAll(async () => {
  await pages?.close();
  await web?.stop();
  await companion?.stop();
});

describe('desktop settings (web host)', () => {
  it('keyboard only: opens, changes close to tray and language, keeps them across reload and host restart', async () => {
    const page = await pages.newPage();
    await signIn(page, web.url, 'alice');
    await registered(page).waitFor({ timeout: 15_000 });

    await openWithKeyboard(page, 'Desktop settings');
    const dialog = page.getByRole('dialog', { name: 'Desktop settings' });
    await dialog.waitFor();
    // The web host says plainly what only the installed app can do.
    await dialog.getByText(/work only in the installed desktop app/).waitFor();
    expect(await dialog.getByRole('group', { name: 'Answer' }).getByText('CommandOrControl+Alt+Shift+A').count()).toBe(1);

    await tabTo(page, 'Close to tray');
    expect(await dialog.getByRole('checkbox', { name: 'Close to tray' }).isChecked()).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => dialog.getByRole('checkbox', { name: 'Close to tray' }).isChecked(), { timeout: 10_000 }).toBe(false);
    await dialog.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await tabTo(page, 'Language');
    await page.keyboard.press('ArrowDown'); // English → 日本語 (Chromium changes a focused <select> with arrows)
    const ja = page.getByRole('dialog', { name: 'デスクトップ設定' });
    await ja.waitFor({ timeout: 10_000 });
    expect(await focusedName(page)).toBe('言語');

    await page.reload();
    await page.getByRole('status').filter({ hasText: /^登録済み$/ }).waitFor({ timeout: 15_000 });
    await openWithKeyboard(page, 'デスクトップ設定');
    await ja.waitFor();
    expect(await ja.getByRole('checkbox', { name: '閉じるとタスクトレイに格納' }).isChecked()).toBe(false);
    expect(await ja.getByRole('combobox', { name: '言語' }).inputValue()).toBe('ja');

    // The web host keeps them in its data directory: a new host process (new origin, fresh page storage) has them.
    await web.stop();
    web = await startWebHostProcess(companion.url, ['--data-dir', dataDir]);
    const fresh = await pages.newPage();
    await signIn(fresh, web.url, 'alice');
    await registered(fresh).waitFor({ timeout: 15_000 });
    await openWithKeyboard(fresh, 'Desktop settings');
    // The page starts in its browser's language (its storage is new; the UI language is the page's choice and
    // main follows it); main kept close to tray in the data directory.
    const again = fresh.getByRole('dialog', { name: 'Desktop settings' });
    await again.waitFor();
    expect(await again.getByRole('checkbox', { name: 'Close to tray' }).isChecked()).toBe(false);
  }, 180_000);

  it('a refused hotkey shows the reason and keeps the previous binding', async () => {
    // The web host has one engine: alice is still signed in from the test before.
    const page = await pages.newPage();
    await page.goto(web.url);
    await registered(page).waitFor({ timeout: 15_000 });
    await openWithKeyboard(page, 'Desktop settings');
    const dialog = page.getByRole('dialog', { name: 'Desktop settings' });
    await dialog.getByRole('button', { name: 'Change hotkey: Mute' }).click();
    await dialog.getByRole('button', { name: /Press the new key combination for Mute/ }).waitFor();
    // Alt+F4 closes windows on most systems: refused as reserved.
    await page.keyboard.press('Alt+F4');
    const alert = dialog.getByRole('group', { name: 'Mute' }).getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toBe('Alt+F4 was not set: the operating system or most programs already use it. CommandOrControl+Alt+Shift+M stays in use.');
    // A valid combination is taken.
    await dialog.getByRole('button', { name: 'Change hotkey: Mute' }).click();
    await page.keyboard.press('Control+Alt+F9');
    await dialog.getByRole('group', { name: 'Mute' }).getByText('CommandOrControl+Alt+F9').waitFor({ timeout: 10_000 });
    expect(await dialog.getByRole('group', { name: 'Mute' }).getByRole('alert').count()).toBe(0);
  }, 120_000);
});

describe('click-to-dial (web host)', () => {
  it('a ?dial= tel: link, opened before sign-in, prefills the To field after sign-in; a bad link is refused', async () => {
    const page = await pages.newPage();
    await page.goto(web.url);
    await registered(page).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: /Profile menu/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await page.goto(`${web.url}/?dial=${encodeURIComponent('tel:+81-3-1234-5678')}`);
    // The parameter is handed to main and removed from the address at once.
    await expect.poll(() => new URL(page.url()).search, { timeout: 10_000 }).toBe('');
    await page.getByLabel('Login').fill('alice');
    await page.getByLabel('Password').fill('alice');
    await page.getByLabel('Password').press('Enter');
    await registered(page).waitFor({ timeout: 15_000 });
    const to = page.getByLabel('To', { exact: true });
    await expect.poll(() => to.inputValue(), { timeout: 10_000 }).toBe('+81312345678');
    expect(await focusedName(page)).toBe('To');

    await to.fill('');
    await page.goto(`${web.url}/?dial=${encodeURIComponent('javascript:alert(1)')}`);
    await registered(page).waitFor({ timeout: 15_000 });
    await page.getByText(/^This link cannot be dialled/).first().waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('');
  }, 120_000);
});
