// Fault test (issue 9): the companion server crashes (SIGKILL of its whole process tree) during an answered
// call between the agent UI and the customer page (real WebRTC in Chromium). Media is peer-to-peer, so the
// audio keeps flowing while the server is down; after a restart on the same port and data directory the
// desktop re-registers, and what the server stored before the crash is still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../support/companion-api.js';
import { agentStats, answer, customerStats, openBrowser, registered, startVoiceCall, type BrowserPages } from '../support/e2e-stack.js';
import { freePort } from '../support/ports.js';
import { crash, startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../support/processes.js';

let companion: Service;
let web: Service;
let pages: BrowserPages;
const dataDir = tempDir('fault-crash');
let port = 0;

beforeAll(async () => {
  port = await freePort();
  companion = await startCompanionProcess(dataDir, ['--port', String(port)]);
  web = await startWebHostProcess(companion.url);
  pages = await openBrowser({ logErrors: false });
}, 90_000);

afterAll(async () => {
  await pages?.close();
  await web?.stop();
  await companion?.stop();
});

describe('fault: companion crash during a call', () => {
  it('audio continues peer-to-peer, the desktop re-registers after the restart, stored data survives', async () => {
    const sam = await login(companion.url, 'sam');
    expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 45, allowExtension: false })).status).toBe(200);

    const agent = await pages.newPage();
    await agent.goto(web.url);
    await agent.getByLabel('Login').fill('alice');
    await agent.getByLabel('Password').fill('alice');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await registered(agent).waitFor({ timeout: 20_000 });
    await agent.getByLabel('Status').selectOption('Available');

    const customer = await pages.newPage();
    await startVoiceCall(customer, companion.url);
    await answer(agent, customer);
    await waitFor(async () => ((await agentStats(agent))?.bytesReceived ?? 0) > 0, 'agent receives audio');

    // Crash.
    await crash(companion);

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
