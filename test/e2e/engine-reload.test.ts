// Reloading the agent page during a call (spec §9.6): signalling lives in main, so the call survives; the
// new page's media engine has no peer connection, so main sends an ICE-restart re-INVITE and the new page
// builds one. Audio must flow again both ways without a redial.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/shared/contract.js';
import { launchChromium } from '../support/chromium.js';
import { startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../support/processes.js';

type AudioStats = { bytesReceived: number; totalAudioEnergy: number } | null;
type Hook = { appState(): Promise<AppState>; stats(): Promise<AudioStats>; callIds(): string[] };

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

const hook = <T>(page: Page, fn: (h: Hook) => Promise<T> | T) =>
  page.evaluate(`(${fn.toString()})(window.__softphoneMedia)`) as Promise<T>;
const customerStats = (page: Page) => page.evaluate(() => (window as unknown as { __customerDebug: { stats(): Promise<AudioStats> } }).__customerDebug.stats());

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

describe('reload during a call', () => {
  it('the call continues and audio comes back on the reloaded page (ICE-restart re-INVITE)', async () => {
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
    await waitFor(async () => ((await hook(agent, (h) => h.stats()))?.bytesReceived ?? 0) > 0, 'agent audio before reload');
    const callId = (await hook(agent, (h) => h.appState())).call?.callId;
    expect(callId).toBeTruthy();

    await agent.reload();
    // Same call, new page: the media engine rebuilt a peer connection for it and audio flows again.
    await waitFor(async () => (await hook(agent, (h) => h.callIds())).includes(callId!), 'the new page to get media for the call', 20_000);
    const after = await waitFor(async () => {
      const s = await hook(agent, (h) => h.stats());
      return s && s.bytesReceived > 0 && s.totalAudioEnergy > 0 ? s : null;
    }, 'agent audio after reload', 20_000);
    expect(after.bytesReceived).toBeGreaterThan(0);
    const customerBefore = (await customerStats(customer))?.bytesReceived ?? 0;
    await waitFor(async () => ((await customerStats(customer))?.bytesReceived ?? 0) > customerBefore + 1000, 'customer audio after reload', 20_000);
    const state = await hook(agent, (h) => h.appState());
    expect(state.call).toMatchObject({ callId, phase: 'active' });

    await customer.getByRole('button', { name: 'Hang up' }).click();
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 15_000 });
  });
});
