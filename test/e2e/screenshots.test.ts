// Screenshots of the main agent screens (light theme) at 1280×800 and in a narrow ~420 px window,
// written to artifacts/screenshots/ (gitignored). Real parts throughout: companion, web host, Chromium.
import type { Page } from 'playwright-core';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../support/companion-api.js';
import { incomingCall, openBrowser, openDeviceSettings, startVoiceCall, type BrowserPages } from '../support/e2e-stack.js';
import { startCompanionProcess, tempDir, type Service } from '../support/processes.js';
import { buildRendererCopy, ensureScreenshotDir, registered, signIn, startAgentHost } from './ui-support.js';

const SIZES = [
  { name: 'wide', width: 1280, height: 800 },
  { name: 'narrow', width: 420, height: 800 },
] as const;

let companion: Service;
let web: Service;
let pages: BrowserPages;
let dir: string;

async function shot(page: Page, file: string) {
  // The caret and the call timer differ run to run; hide the caret so images are calm.
  await page.addStyleTag({ content: '* { caret-color: transparent !important; }' }).catch(() => undefined);
  const out = path.join(dir, file);
  await page.screenshot({ path: out });
  expect(existsSync(out)).toBe(true);
}

beforeAll(async () => {
  dir = ensureScreenshotDir();
  const staticDir = await buildRendererCopy();
  companion = await startCompanionProcess(tempDir('companion'));
  const sam = await login(companion.url, 'sam');
  await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 60, allowExtension: true });
  web = await startAgentHost(companion.url, staticDir);
  pages = await openBrowser({ logErrors: false });
});

afterAll(async () => {
  await pages?.close();
  await web?.stop();
  await companion?.stop();
});

describe('screenshots', () => {
  for (const size of SIZES) {
    it(`main screens at ${size.width}×${size.height}`, async () => {
      const agent = await pages.newPage({ width: size.width, height: size.height });
      await agent.goto(web.url);
      // The web host keeps alice signed in between tests (it is one agent's desktop): sign out first.
      if (await registered(agent).waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
        await agent.getByRole('button', { name: /Profile menu/ }).click();
        await agent.getByRole('button', { name: 'Sign out' }).click();
      }
      await agent.getByLabel('Login').waitFor();
      await shot(agent, `${size.name}-1-sign-in.png`);

      await signIn(agent, web.url, 'alice');
      await registered(agent).waitFor({ timeout: 15_000 });
      const status = agent.getByLabel('Status', { exact: true });
      await status.selectOption('Available');
      await agent.getByRole('heading', { name: 'Ready for calls' }).waitFor();
      await shot(agent, `${size.name}-2-idle.png`);

      const dialog = await openDeviceSettings(agent);
      await dialog.getByRole('button', { name: 'Test microphone' }).click();
      await dialog.getByRole('meter').waitFor();
      await dialog.getByRole('button', { name: 'Run device checks' }).click();
      await dialog.getByText('A microphone is connected').waitFor({ timeout: 15_000 });
      await shot(agent, `${size.name}-3-audio-video-settings.png`);
      await dialog.getByRole('button', { name: 'Close' }).click();

      const customer = await pages.newPage({ width: 800, height: 600 });
      await startVoiceCall(customer, companion.url);
      const modal = await incomingCall(agent);
      await shot(agent, `${size.name}-4-incoming.png`);

      await modal.getByRole('button', { name: 'Answer' }).click();
      await agent.getByRole('timer', { name: 'Call duration' }).waitFor({ timeout: 20_000 });
      await agent.getByRole('button', { name: 'Transfer' }).click();
      await agent.getByRole('button', { name: 'Device settings' }).click();
      await shot(agent, `${size.name}-5-in-call.png`);

      await agent.getByRole('button', { name: 'Hang up' }).click();
      await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
      await agent.getByLabel('Notes').fill('Customer asked about the invoice; sent the copy by e-mail.');
      await shot(agent, `${size.name}-6-wrap-up.png`);
      await agent.getByRole('button', { name: 'Done' }).click();
      await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 15_000 });
      await customer.close();
    });
  }

  it('Japanese screens (ready and an incoming call) at 1280×800', async () => {
    // The UI language is the page's choice; the web host keeps alice signed in from the tests before.
    const agent = await pages.newPage({ width: 1280, height: 800 });
    await agent.addInitScript(() => localStorage.setItem('softphone.locale', 'ja'));
    await agent.goto(web.url);
    await agent.getByRole('heading', { name: '着信を受け付けています' }).waitFor({ timeout: 15_000 });
    // The Japanese font is installed (scripts/install-system-deps.sh): glyphs, not boxes.
    // Without a CJK font, 着 is drawn as the same "missing glyph" box as an unassigned code point.
    expect(await agent.evaluate(() => {
      const draw = (ch: string) => {
        const c = document.createElement('canvas');
        c.width = 40;
        c.height = 40;
        const g = c.getContext('2d')!;
        g.font = '32px sans-serif';
        g.fillText(ch, 2, 34);
        return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
      };
      return draw('着') !== draw('\u{10FFFD}');
    })).toBe(true);
    await shot(agent, 'ja-2-idle.png');
    const customer = await pages.newPage({ width: 800, height: 600 });
    await startVoiceCall(customer, companion.url);
    const modal = agent.getByRole('dialog', { name: '着信' });
    await modal.waitFor({ timeout: 20_000 });
    await shot(agent, 'ja-4-incoming.png');
    // The customer gives up (a rejected call would be offered to alice again, the only agent available).
    await customer.getByRole('button', { name: 'Hang up' }).click();
    await modal.waitFor({ state: 'detached', timeout: 20_000 });
    await customer.close();
  });
});
