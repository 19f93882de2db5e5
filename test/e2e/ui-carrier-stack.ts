// The stack of the New call suites that dial out through a SIPp carrier (§8.3): the companion with its
// trunk pointing at the carrier and wrap-up on (90 s), alice's web host and Debian's Chromium.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { api, login } from '../support/companion-api.js';
import { freePort } from '../support/ports.js';
import { startCompanionProcess, tempDir, type Service } from '../support/processes.js';
import { sippCarrier, TRUNK_SCENARIO_WEBRTC, type SippCarrier } from '../support/sipp-carrier.js';
import { buildRendererCopy, registered, signIn, startAgentHost } from './ui-support.js';

export interface CarrierStack {
  companion: Service;
  aliceWeb: Service;
  browser: Browser;
  carrier: SippCarrier;
}

/** Starts the stack; `prepare` configures more as sam (token given) before the carrier starts. */
export async function startCarrierStack(prepare?: (companionUrl: string, sam: string) => Promise<void>): Promise<CarrierStack> {
  const staticDir = await buildRendererCopy();
  const started: Partial<CarrierStack> = { companion: await startCompanionProcess(tempDir('companion'), ['--sip-port', '0']) };
  const companion = started.companion!;
  try {
    const sam = await login(companion.url, 'sam');
    const [trunkPort, mediaPort] = [await freePort(), await freePort()];
    expect((await api(companion.url, 'PUT', '/api/settings/trunk', sam, { trunk: { host: '127.0.0.1', port: trunkPort } })).status).toBe(200);
    expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 90, allowExtension: false })).status).toBe(200);
    await prepare?.(companion.url, sam);
    const carrier = (started.carrier = sippCarrier(trunkPort, mediaPort, TRUNK_SCENARIO_WEBRTC));
    const aliceWeb = (started.aliceWeb = await startAgentHost(companion.url, staticDir));
    const browser = await launchChromium();
    return { companion, aliceWeb, browser, carrier };
  } catch (err) {
    // A half-started stack is stopped here: the suite's afterAll only knows a complete one.
    await stopCarrierStack(started, []);
    throw err;
  }
}

/** Stops whatever of the stack is up, and the browser contexts the suite opened. */
export async function stopCarrierStack(stack: Partial<CarrierStack>, contexts: BrowserContext[]): Promise<void> {
  stack.carrier?.kill();
  for (const c of contexts) await c.close().catch(() => undefined);
  await stack.browser?.close();
  await stack.aliceWeb?.stop();
  await stack.companion?.stop();
}

/** Signs alice in on `page` and sets her Away, so the calls she makes are not mixed with incoming ones. */
export async function signInAway(page: Page, webUrl: string): Promise<void> {
  await signIn(page, webUrl, 'alice');
  await registered(page).waitFor({ timeout: 20_000 });
  const status = page.getByLabel('Status', { exact: true });
  await status.selectOption('Away');
  await expect.poll(() => status.inputValue(), { timeout: 10_000 }).toBe('Away');
}
