// Foundation acceptance, end to end with real parts: the companion server and the web host run as
// their own processes (the CLIs operators use), the agent UI and the customer call-link page run in
// Debian's Chromium with fake devices, and audio flows over real WebRTC through the SIP edge.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { api, login } from '../support/companion-api.js';
import { startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../support/processes.js';

type AudioStats = { bytesReceived: number; totalAudioEnergy: number } | null;

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

async function signIn(page: Page, user: string, password: string) {
  await page.goto(web.url);
  await page.getByLabel('Login').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const registered = (page: Page) => page.getByRole('status').filter({ hasText: /^Registered$/ });
const agentStats = (page: Page) => page.evaluate(() => (window as unknown as { __softphoneMedia: { stats(): Promise<AudioStats> } }).__softphoneMedia.stats());
const customerStats = (page: Page) => page.evaluate(() => (window as unknown as { __customerDebug: { stats(): Promise<AudioStats> } }).__customerDebug.stats());

async function customerCalls(): Promise<Page> {
  const customer = await newPage();
  await customer.goto(`${companion.url}/call`);
  await customer.getByRole('button', { name: 'Start voice call' }).click();
  return customer;
}

beforeAll(async () => {
  companion = await startCompanionProcess(tempDir('companion'));
  // A short wrap-up keeps the test quick; the default (30 s) is covered by unit tests.
  const sam = await login(companion.url, 'sam');
  const put = await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 3, allowExtension: true });
  expect(put.status).toBe(200);
  web = await startWebHostProcess(companion.url);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  const webExit = await web?.stop();
  const companionExit = await companion?.stop();
  // Both processes exit cleanly on SIGTERM.
  expect(webExit).toBe(0);
  expect(companionExit).toBe(0);
});

describe('foundation: first real call', () => {
  it('a wrong password fails with a clear message and the server keeps running', async () => {
    const page = await newPage();
    await signIn(page, 'alice', 'not-her-password');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('Wrong login or password.');
    const health = await api<{ status: string }>(companion.url, 'GET', '/api/health');
    expect(health.body.status).toBe('ok');
  });

  it('customer calls support, the agent answers, audio flows both ways, hang up, wrap-up, available again', async () => {
    const agent = await newPage();
    await signIn(agent, 'alice', 'alice');
    await registered(agent).waitFor({ timeout: 15_000 });
    await agent.getByLabel('Status').selectOption('Available');

    const customer = await customerCalls();
    const modal = agent.getByRole('dialog', { name: 'Incoming call' });
    await modal.waitFor({ timeout: 20_000 });
    await expect.poll(() => modal.textContent()).toMatch(/support/i);
    await modal.getByRole('button', { name: 'Answer' }).click();

    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    const a = await waitFor(async () => {
      const s = await agentStats(agent);
      return s && s.bytesReceived > 0 && s.totalAudioEnergy > 0 ? s : null;
    }, 'agent to receive audio');
    const c = await waitFor(async () => {
      const s = await customerStats(customer);
      return s && s.bytesReceived > 0 && s.totalAudioEnergy > 0 ? s : null;
    }, 'customer to receive audio');
    expect(a.totalAudioEnergy).toBeGreaterThan(0);
    expect(c.totalAudioEnergy).toBeGreaterThan(0);

    await agent.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 15_000 });

    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.getByRole('timer').textContent()).toMatch(/\d/);
    // The wrap-up countdown ends by itself and the agent is Available again (server and UI agree).
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => agent.getByLabel('Status').inputValue(), { timeout: 10_000 }).toBe('Available');
    const token = await login(companion.url, 'alice');
    const me = await api<{ status: string }>(companion.url, 'GET', '/api/me', token);
    expect(me.body.status).toBe('Available');
  });

  it('reloading the page keeps the registration (signalling lives in main) and calls still ring', async () => {
    // The web host is one agent's desktop: alice is still signed in from the previous test.
    const agent = await newPage();
    await agent.goto(web.url);
    await registered(agent).waitFor({ timeout: 15_000 });
    await agent.reload();
    await registered(agent).waitFor({ timeout: 15_000 });
    expect(await agent.getByRole('button', { name: 'Sign in' }).count()).toBe(0);

    const customer = await customerCalls();
    const modal = agent.getByRole('dialog', { name: 'Incoming call' });
    await modal.waitFor({ timeout: 20_000 });
    await modal.getByRole('button', { name: 'Answer' }).click();
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    await waitFor(async () => ((await agentStats(agent))?.bytesReceived ?? 0) > 0, 'audio after reload');
    await customer.getByRole('button', { name: 'Hang up' }).click();
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
  });
});
