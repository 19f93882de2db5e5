// The common e2e arrangement: a companion server and a web host as real processes, Debian's Chromium,
// an agent signed in through the UI and a customer calling `support` from the call-link page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startCompanionProcess, startWebHostProcess, tempDir, type Service } from './processes.js';

export type AudioStats = { bytesReceived: number; totalAudioEnergy: number } | null;

export interface E2eStack {
  companion: Service;
  web: Service;
  browser: Browser;
  /** With `{ faultProxy: true }`: sits between the web host and the companion (HTTP and SIP WebSocket). */
  proxy: FaultProxy | null;
  newPage(): Promise<Page>;
  close(): Promise<{ web: number | null; companion: number | null }>;
}

export interface E2eStackOptions {
  /** Environment of the web host (e.g. SOFTPHONE_RECORDING_DIR). */
  webEnv?: NodeJS.ProcessEnv;
  /** Put a fault-injecting proxy between the web host and the companion (HTTP and SIP WebSocket). */
  faultProxy?: boolean;
}

export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
  const companion = await startCompanionProcess(tempDir('companion'));
  let proxy: FaultProxy | null = null;
  if (options.faultProxy) {
    const realPort = new URL(companion.url).port;
    proxy = await startFaultProxy({ targetPort: Number(realPort) });
    // The companion advertises its own SIP WebSocket URL in /health; make it point through the proxy too.
    proxy.rewriteWith(`127.0.0.1:${realPort}`, `127.0.0.1:${proxy.port}`);
  }
  const web = await startWebHostProcess(proxy?.url ?? companion.url, [], options.webEnv);
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    companion,
    web,
    browser,
    proxy,
    async newPage() {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await proxy?.close();
      return { web: await web.stop(), companion: await companion.stop() };
    },
  };
}

export async function signIn(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Login').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export const registered = (page: Page) => page.getByRole('status').filter({ hasText: /^Registered$/ });

/** Signs the agent in, waits for the registration and sets Available. */
export async function availableAgent(stack: E2eStack, user = 'alice'): Promise<Page> {
  const agent = await stack.newPage();
  await signIn(agent, stack.web.url, user, user);
  await registered(agent).waitFor({ timeout: 15_000 });
  await agent.getByLabel('Status', { exact: true }).selectOption('Available');
  return agent;
}

/** A customer opens the call-link page and starts a voice call to `support`. */
export async function customerCalls(stack: E2eStack): Promise<Page> {
  const customer = await stack.newPage();
  await customer.goto(`${stack.companion.url}/call`);
  await customer.getByRole('button', { name: 'Start voice call' }).click();
  return customer;
}

/** The agent answers the incoming-call modal and the customer sees the call connected. */
export async function answer(agent: Page, customer: Page): Promise<void> {
  const modal = agent.getByRole('dialog', { name: 'Incoming call' });
  await modal.waitFor({ timeout: 20_000 });
  await modal.getByRole('button', { name: 'Answer' }).click();
  await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
}

export const agentStats = (page: Page) =>
  page.evaluate(() => (window as unknown as { __softphoneMedia: { stats(): Promise<AudioStats> } }).__softphoneMedia.stats());
export const customerStats = (page: Page) =>
  page.evaluate(() => (window as unknown as { __customerDebug: { stats(): Promise<AudioStats> } }).__customerDebug.stats());
