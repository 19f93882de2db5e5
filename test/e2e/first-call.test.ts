// Foundation acceptance, end to end with real parts: the companion server and the web host run as
// their own processes (the CLIs operators use), the agent UI and the customer call-link page run in
// Debian's Chromium with fake devices, and audio flows over real WebRTC through the SIP edge.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../support/companion-api.js';
import {
  agentStats,
  answer,
  availableAgent,
  customerCalls,
  customerStats,
  registered,
  signIn,
  startE2eStack,
  type E2eStack,
} from '../support/e2e-stack.js';
import { waitFor } from '../support/processes.js';

let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack();
  // A short wrap-up keeps the test quick; the default (30 s) is covered by unit tests.
  const sam = await login(stack.companion.url, 'sam');
  const put = await api(stack.companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 3, allowExtension: true });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  const exits = await stack?.close();
  // Both processes exit cleanly on SIGTERM.
  expect(exits).toEqual({ web: 0, companion: 0 });
});

const agentStatus = (page: Page) => page.getByLabel('Status', { exact: true });

describe('foundation: first real call', () => {
  it('a wrong password fails with a clear message and the server keeps running', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'alice', 'not-her-password');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('Wrong login or password.');
    const health = await api<{ status: string }>(stack.companion.url, 'GET', '/api/health');
    expect(health.body.status).toBe('ok');
  });

  it('customer calls support, the agent answers, audio flows both ways, hang up, wrap-up, available again', async () => {
    const agent = await availableAgent(stack, 'alice');
    const customer = await customerCalls(stack);
    const modal = agent.getByRole('dialog', { name: 'Incoming call' });
    await modal.waitFor({ timeout: 20_000 });
    await expect.poll(() => modal.textContent()).toMatch(/support/i);
    await answer(agent, customer);
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
    await expect.poll(() => agentStatus(agent).inputValue(), { timeout: 10_000 }).toBe('Available');
    const token = await login(stack.companion.url, 'alice');
    const me = await api<{ status: string }>(stack.companion.url, 'GET', '/api/me', token);
    expect(me.body.status).toBe('Available');
  });

  it('reloading the page keeps the registration (signalling lives in main) and calls still ring', async () => {
    // The web host is one agent's desktop: alice is still signed in from the previous test.
    const agent = await stack.newPage();
    await agent.goto(stack.web.url);
    await registered(agent).waitFor({ timeout: 15_000 });
    await agent.reload();
    await registered(agent).waitFor({ timeout: 15_000 });
    expect(await agent.getByRole('button', { name: 'Sign in' }).count()).toBe(0);

    const customer = await customerCalls(stack);
    await answer(agent, customer);
    await waitFor(async () => ((await agentStats(agent))?.bytesReceived ?? 0) > 0, 'audio after reload');
    await customer.getByRole('button', { name: 'Hang up' }).click();
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
  });
});
