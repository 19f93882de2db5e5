// The supervisor page in real Chromium: sign in as sam, see the current settings, get the API's validation
// message for a ring timeout of 2, save 60; agents are turned away.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { RING_TIMEOUT_MESSAGE } from '../../src/shared/companion-admin.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { api, login } from '../support/companion-api.js';

describe.skipIf(!chromiumAvailable())('supervisor page', () => {
  let c: CompanionHandle;
  let browser: Browser;
  beforeAll(async () => {
    c = await startCompanion({ dataDir: mkdtempSync(path.join(tmpdir(), 'companion-supervisor-')) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('signs in, shows validation messages, saves settings', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${c.url}/supervisor`);
    await page.fill('#signin [name=login]', 'alice');
    await page.fill('#signin [name=password]', 'alice');
    await page.click('#signin button');
    await expect.poll(() => page.textContent('[data-for=signin]')).toBe('Only supervisors may change settings.');

    await page.fill('#signin [name=login]', 'sam');
    await page.fill('#signin [name=password]', 'sam');
    await page.click('#signin button');
    await page.waitForSelector('#settings:not([hidden])');
    await expect.poll(() => page.inputValue('#routing [name=ringTimeoutSeconds]')).toBe('30');

    await page.fill('#routing [name=ringTimeoutSeconds]', '2');
    await page.click('#routing button[type=submit]');
    await expect.poll(() => page.textContent('[data-for=routing]')).toBe(RING_TIMEOUT_MESSAGE);
    await page.fill('#routing [name=ringTimeoutSeconds]', '60');
    await page.click('#routing button[type=submit]');
    await expect.poll(() => page.textContent('[data-for=routing]')).toBe('Saved.');

    await page.fill('#wrapup [name=seconds]', '0');
    await page.click('#wrapup button[type=submit]');
    await expect.poll(() => page.textContent('[data-for=wrapup]')).toBe('Wrap-up duration must be a whole number of seconds between 1 and 3600.');

    await page.check('#transfer [name=allowNumbersNotInPeople]');
    await page.click('#transfer button[type=submit]');
    await expect.poll(() => page.textContent('[data-for=transfer]')).toBe('Saved.');

    const sam = await login(c.url, 'sam');
    expect((await api(c.url, 'GET', '/api/settings/routing', sam)).body).toEqual({ ringTimeoutSeconds: 60 });
    expect((await api(c.url, 'GET', '/api/settings/transfer', sam)).body).toEqual({ allowNumbersNotInPeople: true });
    expect(errors.filter((e) => !/status of 40[03]/.test(e))).toEqual([]);
    await page.close();
  });

  it('lists recordings (per conversation), plays one with details, downloads it with its CSV and deletes a single leg', async () => {
    const alice = await login(c.url, 'alice');
    const upload = async (clientId: string, leg: 'agent' | 'customer', conversationId: string, mimeType: string) => {
      const body = randomBytes(2000);
      const m = {
        recordingId: clientId, fileName: `${conversationId}_Alice_Bob_20261201090000.${leg}.webm`, conversationId, callId: `call-${conversationId}`,
        agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190123', direction: 'inbound', leg,
        startedAt: '2026-12-01T09:00:00.000Z', endedAt: '2026-12-01T09:01:00.000Z', mimeType,
      };
      const res = await fetch(`${c.url}/api/recordings/uploads/${clientId}`, {
        method: 'PUT', body: new Uint8Array(body),
        headers: {
          authorization: `Bearer ${alice}`, 'content-type': 'application/octet-stream', 'x-content-sha256': createHash('sha256').update(body).digest('hex'),
          'x-recording-metadata': Buffer.from(JSON.stringify(m)).toString('base64url'),
        },
      });
      expect(res.status).toBe(201);
      return m.fileName;
    };
    const agentLeg = await upload('sp-1', 'agent', 'conv-sp', 'audio/webm');
    const customerLeg = await upload('sp-2', 'customer', 'conv-sp', 'audio/webm');
    const video = await upload('sp-3', 'agent', 'conv-video', 'video/webm');

    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${c.url}/supervisor`);
    await page.getByLabel('Login').fill('sam');
    await page.getByLabel('Password').fill('sam');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const list = page.getByRole('region', { name: 'Recordings' });
    await list.getByRole('cell', { name: video, exact: true }).waitFor();

    // Per conversation.
    await list.getByLabel('Conversation ID').fill('conv-sp');
    await list.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => list.getByRole('row').count()).toBe(3); // header + 2 legs
    expect(await list.getByRole('cell', { name: video, exact: true }).count()).toBe(0);

    await list.getByRole('button', { name: `Play ${customerLeg}` }).click();
    const player = page.getByRole('region', { name: customerLeg });
    await player.waitFor();
    const audio = player.getByLabel(customerLeg);
    expect(await audio.evaluate((e) => [e.tagName, e.hasAttribute('controls')])).toEqual(['AUDIO', true]);
    const details = player.getByRole('definition');
    expect(await details.allTextContents()).toEqual(expect.arrayContaining(['+8190123', 'conv-sp', 'call-conv-sp', 'Customer', 'Inbound']));
    await player.getByRole('button', { name: 'Close' }).click();
    await player.waitFor({ state: 'hidden' });

    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await list.getByRole('button', { name: `Download ${agentLeg}` }).click();
    await expect.poll(() => downloads.sort()).toEqual([agentLeg, agentLeg.replace(/\.webm$/, '.csv')].sort());

    // Right to be forgotten: only the customer's leg goes.
    page.once('dialog', (d) => { void d.accept(); });
    await list.getByRole('button', { name: `Delete ${customerLeg}` }).click();
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    expect(await list.getByRole('cell', { name: agentLeg, exact: true }).count()).toBe(1);
    const sam = await login(c.url, 'sam');
    const audit = await api<{ audit: { fileName: string; actorLogin: string }[] }>(c.url, 'GET', '/api/recordings/audit', sam);
    expect(audit.body.audit[0]).toMatchObject({ fileName: customerLeg, actorLogin: 'sam' });

    // A video recording gets a video element (its own controls include full screen).
    await list.getByLabel('Conversation ID').fill('');
    await list.getByRole('button', { name: 'Show' }).click();
    await list.getByRole('button', { name: `Play ${video}` }).click();
    expect(await page.getByRole('region', { name: video }).getByLabel(video).evaluate((e) => [e.tagName, e.hasAttribute('controls')])).toEqual(['VIDEO', true]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
