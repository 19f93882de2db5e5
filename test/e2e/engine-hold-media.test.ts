// Hold in Chromium with real media (issue 3 media checks): Hold sends a sendonly re-INVITE, the customer
// page answers recvonly and stops sending, so the agent's inbound RTP bytes stop growing; Resume
// (sendrecv) brings them back. Fake devices on both sides, real companion and web host processes.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStats, answer, availableAgent, customerCalls, startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { waitFor } from '../support/processes.js';

let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack();
});

afterAll(async () => {
  await stack?.close();
});

const inbound = async (page: Page) => (await agentStats(page))?.bytesReceived ?? 0;

/** Inbound bytes that no longer grow: two readings 1.5 s apart are equal (polled, not a fixed wait). */
async function stalled(page: Page): Promise<boolean> {
  const a = await inbound(page);
  await new Promise((r) => setTimeout(r, 1_500));
  return (await inbound(page)) === a;
}

describe('hold with real media', () => {
  it('Hold stops the inbound audio bytes; Resume brings them back', async () => {
    const agent = await availableAgent(stack);
    const customer = await customerCalls(stack);
    await answer(agent, customer);
    const start = await inbound(agent);
    await waitFor(async () => (await inbound(agent)) > start + 2000, 'agent audio before hold', 20_000);

    await agent.getByRole('button', { name: 'Hold', exact: true }).click();
    await agent.getByRole('button', { name: 'Resume', exact: true }).waitFor({ timeout: 15_000 });
    await waitFor(() => stalled(agent), 'inbound bytes to stop while on hold', 30_000, 100);
    const held = await inbound(agent);

    await agent.getByRole('button', { name: 'Resume', exact: true }).click();
    await agent.getByRole('button', { name: 'Hold', exact: true }).waitFor({ timeout: 15_000 });
    await waitFor(async () => (await inbound(agent)) > held + 2000, 'inbound bytes to grow again after resume', 30_000);
    const s = await agentStats(agent);
    expect(s?.totalAudioEnergy ?? 0).toBeGreaterThan(0);

    await agent.getByRole('button', { name: 'Hang up' }).click();
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 15_000 });
  }, 180_000);
});
