// Automatic reconnection during a real-media call (spec §9.6, issue 3): Chromium agent and customer with
// fake devices, a fault-injecting proxy between the web host's engine and the companion's SIP edge. The
// WebSocket path is cut for ~10 s mid-call: the agent sees the reconnecting banner, the engine re-registers,
// the ICE-restart re-INVITE goes through both real peer connections, and audio keeps arriving on both
// sides afterwards — one call from start to finish, no redial.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/shared/contract.js';
import { api, login } from '../support/companion-api.js';
import { answer, availableAgent, customerCalls, customerStats, registered, startE2eStack, type AudioStats, type E2eStack } from '../support/e2e-stack.js';
import { waitFor } from '../support/processes.js';

type Hook = { appState(): Promise<AppState>; stats(): Promise<AudioStats>; callIds(): string[] };

let stack: E2eStack;

const hook = <T>(page: Page, fn: (h: Hook) => Promise<T> | T) =>
  page.evaluate(`(${fn.toString()})(window.__softphoneMedia)`) as Promise<T>;
const agentAudio = (page: Page) => hook(page, (h) => h.stats());

beforeAll(async () => {
  stack = await startE2eStack({ faultProxy: true });
  // Two calls in a row for alice: no wrap-up between them.
  const sam = await login(stack.companion.url, 'sam');
  await api(stack.companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: false, seconds: 30, allowExtension: false });
});

const BANNER = 'Connection lost. Reconnecting the call…';
const restarts = () => stack.web.output().split('media restored with an ICE restart (transport restored)').length - 1;

/** Audio grows on both sides from the given readings (bytes and energy). */
async function audioGrows(agent: Page, customer: Page, what: string) {
  const a0 = (await agentAudio(agent))!;
  const c0 = (await customerStats(customer))!;
  await waitFor(async () => {
    const s = await agentAudio(agent);
    return s && s.bytesReceived > a0.bytesReceived + 2000 && s.totalAudioEnergy > a0.totalAudioEnergy;
  }, `agent audio ${what}`, 30_000);
  await waitFor(async () => {
    const s = await customerStats(customer);
    return s && s.bytesReceived > c0.bytesReceived + 2000 && s.totalAudioEnergy > c0.totalAudioEnergy;
  }, `customer audio ${what}`, 30_000);
}

afterAll(async () => {
  await stack?.close();
});

describe('WebSocket cut during a real-media call', () => {
  it('banner while cut, re-REGISTER, ICE-restart re-INVITE, audio grows again on both sides, one call', async () => {
    const proxy = stack.proxy!;
    const agent = await availableAgent(stack);
    const customer = await customerCalls(stack);
    await answer(agent, customer);
    await waitFor(async () => ((await agentAudio(agent))?.totalAudioEnergy ?? 0) > 0, 'agent audio before the cut', 20_000);
    await waitFor(async () => ((await customerStats(customer))?.totalAudioEnergy ?? 0) > 0, 'customer audio before the cut', 20_000);
    const callId = (await hook(agent, (h) => h.appState())).call?.callId;
    expect(callId).toBeTruthy();
    const seenCallIds = new Set<string>([callId!]);

    proxy.cut();
    await agent.getByRole('alert').filter({ hasText: 'Connection lost. Reconnecting the call…' }).waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await hook(agent, (h) => h.appState())).registration.state, { timeout: 30_000 }).not.toBe('registered');
    // The outage itself (~10 s): not a correctness wait, the length of the fault.
    await new Promise((r) => setTimeout(r, 10_000));
    const agentBefore = (await agentAudio(agent))!;
    const customerBefore = (await customerStats(customer))!;
    proxy.restore();

    await registered(agent).waitFor({ timeout: 60_000 });
    // The engine restored media by an ICE-restart re-INVITE that both real peer connections accepted.
    await waitFor(() => stack.web.output().includes('media restored with an ICE restart (transport restored)'), 'the ICE-restart re-INVITE', 30_000);
    expect(stack.web.output()).not.toContain('ICE-restart re-INVITE failed');
    await agent.getByRole('alert').filter({ hasText: 'Connection lost. Reconnecting the call…' }).waitFor({ state: 'detached', timeout: 30_000 });
    // Audio keeps flowing after the ICE restart, both ways (bytes and energy grow).
    await waitFor(async () => {
      const s = await agentAudio(agent);
      return s && s.bytesReceived > agentBefore.bytesReceived + 2000 && s.totalAudioEnergy > agentBefore.totalAudioEnergy;
    }, 'agent audio after the reconnection', 30_000);
    await waitFor(async () => {
      const s = await customerStats(customer);
      return s && s.bytesReceived > customerBefore.bytesReceived + 2000 && s.totalAudioEnergy > customerBefore.totalAudioEnergy;
    }, 'customer audio after the reconnection', 30_000);

    const state = await hook(agent, (h) => h.appState());
    expect(state.call).toMatchObject({ callId, phase: 'active' });
    for (const id of await hook(agent, (h) => h.callIds())) seenCallIds.add(id);
    expect([...seenCallIds]).toEqual([callId]);
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 5_000 });

    // The dialog still works over the new connection: the agent hangs up, the customer sees it.
    await agent.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 15_000 });
    await customer.close();
    await agent.close();
  }, 240_000);

  it('a silently dead path (blackholed, nothing closed) is found by the keep-alive at production timings', async () => {
    const proxy = stack.proxy!;
    // alice is still signed in (signalling lives in the web host): a new page picks the session up.
    const agent = await stack.newPage();
    await agent.goto(stack.web.url);
    await registered(agent).waitFor({ timeout: 30_000 });
    await agent.getByLabel('Status', { exact: true }).selectOption('Available');
    const customer = await customerCalls(stack);
    await answer(agent, customer);
    await waitFor(async () => ((await agentAudio(agent))?.totalAudioEnergy ?? 0) > 0, 'agent audio before', 20_000);
    const restartsBefore = restarts();

    proxy.blackhole();
    // Keep-alive: OPTIONS after 20 s of silence, dead 10 s later; slack for a loaded machine.
    await agent.getByRole('alert').filter({ hasText: BANNER }).waitFor({ timeout: 60_000 });
    proxy.restore();
    await registered(agent).waitFor({ timeout: 60_000 });
    await agent.getByRole('alert').filter({ hasText: BANNER }).waitFor({ state: 'detached', timeout: 30_000 });
    await waitFor(() => restarts() > restartsBefore, 'the ICE-restart re-INVITE', 30_000);
    await audioGrows(agent, customer, 'after the dead path was replaced');
    await agent.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 15_000 });
  }, 240_000);
});
