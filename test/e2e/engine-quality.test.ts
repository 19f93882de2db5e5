// Call quality end to end (spec §9.5): a real WebRTC call in Chromium, the renderer samples getStats every
// second and main computes MOS. Injecting loss into the stats source (test hook) must drop MOS below 4 and
// raise "weak connection" for both sides; removing it lets quality recover.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/shared/contract.js';
import { launchChromium } from '../support/chromium.js';
import { startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../support/processes.js';

let companion: Service;
let web: Service;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  return page;
}

type Hook = { appState(): Promise<AppState>; injectLoss(l: { local?: number; remote?: number }): void };
const appState = (page: Page) => page.evaluate(() => (window as unknown as { __softphoneMedia: Hook }).__softphoneMedia.appState());
const injectLoss = (page: Page, loss: { local?: number; remote?: number }) =>
  page.evaluate((l) => (window as unknown as { __softphoneMedia: Hook }).__softphoneMedia.injectLoss(l), loss);

beforeAll(async () => {
  companion = await startCompanionProcess(tempDir('companion'));
  web = await startWebHostProcess(companion.url);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await web?.stop();
  await companion?.stop();
});

describe('call quality (MOS)', () => {
  it('MOS is good on a clean call and drops with weak notices when loss is injected', async () => {
    const agent = await newPage();
    await agent.goto(web.url);
    await agent.getByLabel('Login').fill('alice');
    await agent.getByLabel('Password').fill('alice');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('status').filter({ hasText: /^Registered$/ }).waitFor({ timeout: 15_000 });
    await agent.getByLabel('Status').selectOption('Available');

    const customer = await newPage();
    await customer.goto(`${companion.url}/call`);
    await customer.getByRole('button', { name: 'Start voice call' }).click();
    const modal = agent.getByRole('dialog', { name: 'Incoming call' });
    await modal.waitFor({ timeout: 20_000 });
    await modal.getByRole('button', { name: 'Answer' }).click();
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });

    // Clean loopback call: a few samples, all excellent.
    const clean = await waitFor(async () => {
      const q = (await appState(agent)).call?.quality;
      return q && q.series.length >= 3 ? q : null;
    }, 'quality samples', 20_000);
    expect(clean.mos).toBeGreaterThan(4);
    expect(clean.weakLocal).toBe(false);

    await injectLoss(agent, { local: 15, remote: 15 });
    const lossy = await waitFor(async () => {
      const q = (await appState(agent)).call?.quality;
      return q && q.weakLocal && q.weakRemote ? q : null;
    }, 'weak connection notices', 20_000);
    expect(lossy.mos).toBeLessThan(4);
    expect(lossy.remoteMos).not.toBeNull();
    expect(lossy.remoteMos!).toBeLessThan(4);
    expect(Math.min(...lossy.series)).toBeLessThan(4);

    await injectLoss(agent, { local: 0, remote: 0 });
    await waitFor(async () => {
      const q = (await appState(agent)).call?.quality;
      return q && !q.weakLocal && !q.weakRemote && q.mos > 4 ? q : null;
    }, 'quality to recover', 30_000);

    await agent.getByRole('button', { name: 'Hang up' }).click();
  });
});
