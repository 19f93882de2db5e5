// Fault test (issue 9): the companion server crashes (SIGKILL of its whole process tree) during an answered
// call between the agent UI and the customer page (real WebRTC in Chromium). Media is peer-to-peer, so the
// audio keeps flowing while the server is down; after a restart on the same port and data directory the
// desktop re-registers, and what the server stored before the crash is still there.
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { api, login } from '../support/companion-api.js';
import { freePort } from '../support/ports.js';
import { startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../support/processes.js';

type AudioStats = { bytesReceived: number; totalAudioEnergy: number } | null;

let companion: Service;
let web: Service;
let browser: Browser;
const contexts: BrowserContext[] = [];
const dataDir = tempDir('fault-crash');
let port = 0;

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  return ctx.newPage();
}
const agentStats = (page: Page) => page.evaluate(() => (window as unknown as { __softphoneMedia: { stats(): Promise<AudioStats> } }).__softphoneMedia.stats());
const customerStats = (page: Page) => page.evaluate(() => (window as unknown as { __customerDebug: { stats(): Promise<AudioStats> } }).__customerDebug.stats());
const registered = (page: Page) => page.getByRole('status').filter({ hasText: /^Registered$/ });

/** Every descendant pid of `pid` (Linux /proc): `tsx` runs the server in a child node process. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/).map(Number) : []) out.push(k, ...descendants(k));
    }
  } catch { /* gone */ }
  return out;
}

beforeAll(async () => {
  port = await freePort();
  companion = await startCompanionProcess(dataDir, ['--port', String(port)]);
  web = await startWebHostProcess(companion.url);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await web?.stop();
  await companion?.stop();
});

describe('fault: companion crash during a call', () => {
  it('audio continues peer-to-peer, the desktop re-registers after the restart, stored data survives', async () => {
    const sam = await login(companion.url, 'sam');
    expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 45, allowExtension: false })).status).toBe(200);

    const agent = await newPage();
    await agent.goto(web.url);
    await agent.getByLabel('Login').fill('alice');
    await agent.getByLabel('Password').fill('alice');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await registered(agent).waitFor({ timeout: 20_000 });
    await agent.getByLabel('Status').selectOption('Available');

    const customer = await newPage();
    await customer.goto(`${companion.url}/call`);
    await customer.getByRole('button', { name: 'Start voice call' }).click();
    const modal = agent.getByRole('dialog', { name: 'Incoming call' });
    await modal.waitFor({ timeout: 20_000 });
    await modal.getByRole('button', { name: 'Answer' }).click();
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    await waitFor(async () => ((await agentStats(agent))?.bytesReceived ?? 0) > 0, 'agent receives audio');

    // Crash.
    const pids = descendants(companion.child.pid!);
    await companion.kill();
    for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }

    // Media keeps flowing both ways while the server is down.
    const a0 = (await agentStats(agent))?.bytesReceived ?? 0;
    const c0 = (await customerStats(customer))?.bytesReceived ?? 0;
    await waitFor(async () => ((await agentStats(agent))?.bytesReceived ?? 0) > a0 + 2_000, 'agent audio continues without the server', 20_000);
    await waitFor(async () => ((await customerStats(customer))?.bytesReceived ?? 0) > c0 + 2_000, 'customer audio continues without the server', 20_000);

    // Restart: same port, same data.
    companion = await startCompanionProcess(dataDir, ['--port', String(port)]);
    await registered(agent).waitFor({ timeout: 60_000 });
    const sam2 = await login(companion.url, 'sam');
    await waitFor(async () => {
      const r = await api<{ agents: Array<{ login: string; registered: boolean }> }>(companion.url, 'GET', '/api/agents', sam2);
      return r.body.agents.find((x) => x.login === 'alice')?.registered;
    }, 'companion sees alice registered again', 60_000);
    expect((await api<{ seconds: number }>(companion.url, 'GET', '/api/settings/wrapup', sam2)).body.seconds).toBe(45);
    // Audio is still flowing after the restart.
    const a1 = (await agentStats(agent))?.bytesReceived ?? 0;
    await waitFor(async () => ((await agentStats(agent))?.bytesReceived ?? 0) > a1 + 2_000, 'audio after the restart', 20_000);
  }, 240_000);
});
