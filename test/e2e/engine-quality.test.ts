// Call quality end to end (spec §9.5): a real WebRTC call in Chromium, the renderer samples getStats every
// second and main computes MOS. Injecting loss into the stats source (test hook) must drop MOS below 4 and
// raise "weak connection" for both sides; removing it lets quality recover.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/shared/contract.js';
import { answer, availableAgent, customerCalls, startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { waitFor } from '../support/processes.js';

let stack: E2eStack;

type Hook = { appState(): Promise<AppState>; injectLoss(l: { local?: number; remote?: number }): void };
const appState = (page: Page) => page.evaluate(() => (window as unknown as { __softphoneMedia: Hook }).__softphoneMedia.appState());
const injectLoss = (page: Page, loss: { local?: number; remote?: number }) =>
  page.evaluate((l) => (window as unknown as { __softphoneMedia: Hook }).__softphoneMedia.injectLoss(l), loss);

beforeAll(async () => {
  stack = await startE2eStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('call quality (MOS)', () => {
  it('MOS is good on a clean call and drops with weak notices when loss is injected', async () => {
    const agent = await availableAgent(stack);
    const customer = await customerCalls(stack);
    await answer(agent, customer);

    // Clean loopback call: a few samples, all excellent.
    const clean = await waitFor(async () => {
      const q = (await appState(agent)).call?.quality;
      return q && q.series.length >= 3 ? q : null;
    }, 'quality samples', 20_000);
    expect(clean.mos).toBeGreaterThan(4);
    expect(clean.weakLocal).toBe(false);

    await injectLoss(agent, { local: 15, remote: 15 });
    const lossy = await waitFor(async () => {
      const q = (await appState(agent)).call?.quality;
      return q && q.weakLocal && q.weakRemote ? q : null;
    }, 'weak connection notices', 20_000);
    expect(lossy.mos).toBeLessThan(4);
    expect(lossy.remoteMos).not.toBeNull();
    expect(lossy.remoteMos!).toBeLessThan(4);
    expect(Math.min(...lossy.series)).toBeLessThan(4);

    await injectLoss(agent, { local: 0, remote: 0 });
    await waitFor(async () => {
      const q = (await appState(agent)).call?.quality;
      return q && !q.weakLocal && !q.weakRemote && q.mos > 4 ? q : null;
    }, 'quality to recover', 30_000);

    await agent.getByRole('button', { name: 'Hang up' }).click();
  });
});
