// Reloading the agent page during a call (spec §9.6): signalling lives in main, so the call survives; the
// new page's media engine has no peer connection, so main sends an ICE-restart re-INVITE and the new page
// builds one. Audio must flow again both ways without a redial.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/shared/contract.js';
import { answer, availableAgent, customerCalls, customerStats, startE2eStack, type AudioStats, type E2eStack } from '../support/e2e-stack.js';
import { waitFor } from '../support/processes.js';

type Hook = { appState(): Promise<AppState>; stats(): Promise<AudioStats>; callIds(): string[] };

let stack: E2eStack;

const hook = <T>(page: Page, fn: (h: Hook) => Promise<T> | T) =>
  page.evaluate(`(${fn.toString()})(window.__softphoneMedia)`) as Promise<T>;

beforeAll(async () => {
  stack = await startE2eStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('reload during a call', () => {
  it('the call continues and audio comes back on the reloaded page (ICE-restart re-INVITE)', async () => {
    const agent = await availableAgent(stack);
    const customer = await customerCalls(stack);
    await answer(agent, customer);
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
