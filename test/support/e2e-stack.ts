// The common e2e arrangement: a companion server and a web host as real processes, Debian's Chromium,
// an agent signed in through the UI and a customer calling `support` from the call-link page.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

export interface PageOptions {
  width?: number;
  height?: number;
  /** Only where axe-core is injected (an inline script the app's CSP rightly forbids). */
  bypassCSP?: boolean;
  /** Print the page's uncaught errors to the test output (default true). */
  logErrors?: boolean;
}

/** Debian's Chromium and the contexts opened in it, closed together. */
export interface BrowserPages {
  browser: Browser;
  /** A page in a fresh context (1280×800 unless told); `defaults` from openBrowser, then `options`. */
  newPage(options?: PageOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(defaults: PageOptions = {}): Promise<BrowserPages> {
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(options = {}) {
      const o = { width: 1280, height: 800, bypassCSP: false, logErrors: true, ...defaults, ...options };
      const ctx = await browser.newContext({ viewport: { width: o.width, height: o.height }, bypassCSP: o.bypassCSP });
      contexts.push(ctx);
      const page = await ctx.newPage();
      if (o.logErrors) page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
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
  const pages = await openBrowser();
  return {
    companion,
    web,
    browser: pages.browser,
    proxy,
    newPage: () => pages.newPage(),
    async close() {
      await pages.close();
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

/** The customer's page opens the call-link page and starts a voice call to `support`. */
export async function startVoiceCall(customer: Page, companionUrl: string): Promise<void> {
  await customer.goto(`${companionUrl}/call`);
  await customer.getByRole('button', { name: 'Start voice call' }).click();
}

/** A customer opens the call-link page and starts a voice call to `support`. */
export async function customerCalls(stack: E2eStack): Promise<Page> {
  const customer = await stack.newPage();
  await startVoiceCall(customer, stack.companion.url);
  return customer;
}

/** The agent answers the incoming-call modal and the customer sees the call connected. */
export async function answer(agent: Page, customer: Page): Promise<void> {
  await (await incomingCall(agent)).getByRole('button', { name: 'Answer' }).click();
  await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
}

/** The agent's incoming-call modal, once it shows. */
export async function incomingCall(agent: Page): Promise<Locator> {
  const modal = agent.getByRole('dialog', { name: 'Incoming call' });
  await modal.waitFor({ timeout: 20_000 });
  return modal;
}

/** Opens "Audio and video settings" from the profile menu. */
export async function openDeviceSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /Profile menu/ }).click();
  await page.getByRole('button', { name: 'Audio and video settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Audio and video settings' });
  await dialog.waitFor();
  return dialog;
}

export const agentStats = (page: Page) =>
  page.evaluate(() => (window as unknown as { __softphoneMedia: { stats(): Promise<AudioStats> } }).__softphoneMedia.stats());
export const customerStats = (page: Page) =>
  page.evaluate(() => (window as unknown as { __customerDebug: { stats(): Promise<AudioStats> } }).__customerDebug.stats());
