// Shared pieces of the browser benchmarks (ring-latency, answer-to-audio, idle-footprint): the product stack
// (companion + web host + Debian Chromium), an agent signed in through the UI, bare SIP.js reference pages
// bundled and served from loopback, percentiles. Not a benchmark itself (no bench.ts here).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium.js';
import { api, login } from '../../test/support/companion-api.js';
import { ROOT, startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../../test/support/processes.js';

export const SIP_DOMAIN = 'softphone.test';

/** The p-th quantile (0..1) of xs, nearest rank. */
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first.');
}

export interface BenchStack {
  companion: Service;
  web: Service;
  browser: Browser;
  wsUrl: string;
  /** Sets a demo user's own status through the REST API. */
  setStatus(who: string, status: string): Promise<void>;
  /** A supervisor call (sam), e.g. to switch wrap-up off. */
  supervisor(method: string, route: string, body?: unknown): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchStack(name: string): Promise<BenchStack> {
  requireBuild();
  const companion = await startCompanionProcess(tempDir(`bench-${name}`));
  const web = await startWebHostProcess(companion.url);
  const browser = await launchChromium();
  const tokens = new Map<string, string>();
  const token = async (who: string) => {
    if (!tokens.has(who)) tokens.set(who, await login(companion.url, who));
    return tokens.get(who)!;
  };
  return {
    companion, web, browser,
    wsUrl: `${companion.url.replace(/^http/, 'ws')}/sip`,
    async setStatus(who, status) {
      const r = await api(companion.url, 'PUT', '/api/me/status', await token(who), { status });
      if (r.status !== 200) throw new Error(`status ${who} → ${status}: ${r.status}`);
    },
    async supervisor(method, route, body) {
      const r = await api(companion.url, method, route, await token('sam'), body);
      if (r.status >= 300) throw new Error(`${method} ${route}: ${r.status}`);
    },
    async close() {
      await browser.close().catch(() => undefined);
      await web.stop();
      await companion.stop();
    },
  };
}

/** Signs `user` in through the agent UI, waits for Registered and sets Available. */
export async function signedInAgent(where: { newPage(): Promise<Page> }, webUrl: string, user = 'alice'): Promise<Page> {
  const page = await where.newPage();
  await page.goto(webUrl);
  await page.getByLabel('Login').fill(user);
  await page.getByLabel('Password').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: /^Registered$/ }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Status', { exact: true }).selectOption('Available');
  return page;
}

/** Bundles a bare reference page (a TS entry) and serves it on a loopback port (a secure context). */
export async function serveBarePage(entry: string): Promise<{ url: string; close(): void }> {
  const bundle = await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, target: 'chrome120', logLevel: 'error' });
  const js = bundle.outputFiles[0]!.text;
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/app.js')) { res.setHeader('content-type', 'text/javascript'); res.end(js); return; }
    res.setHeader('content-type', 'text/html'); res.end('<!doctype html><title>bare</title><script type="module" src="/app.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

/** The customer opens the /call page (fresh: no state from an earlier call); `before` runs once it is loaded. */
export async function customerStartsCall(customer: Page, companionUrl: string, before?: () => Promise<void>): Promise<void> {
  await customer.goto(`${companionUrl}/call`);
  await before?.();
  await customer.getByRole('button', { name: 'Start voice call' }).click();
}

/** The agent answers from the incoming-call modal. */
export async function agentAnswers(agent: Page): Promise<void> {
  const modal = agent.getByRole('dialog', { name: 'Incoming call' });
  await modal.waitFor({ timeout: 30_000 });
  await modal.getByRole('button', { name: 'Answer' }).click();
}

/** The customer hangs up; waits until the agent's media engine holds no call and sets her Available again. */
export async function customerHangsUp(agent: Page, customer: Page): Promise<void> {
  await customer.getByRole('button', { name: 'Hang up' }).click();
  await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 30_000 });
  await waitFor(async () => (await agent.evaluate(() => (window as unknown as { __softphoneMedia: { callIds(): string[] } }).__softphoneMedia.callIds().length)) === 0, 'the agent call to end', 30_000, 50);
  await agent.getByLabel('Status', { exact: true }).selectOption('Available').catch(() => undefined);
}
