// The supervisor page in real Chromium: sign in as sam, see the current settings, get the API's validation
// message for a ring timeout of 2, save 60; agents are turned away.
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
});
