// Ring-latency benchmark (issue 9): a customer's INVITE sent to the companion's SIP edge → the incoming-call
// modal visible in the agent UI (web host + renderer in Debian's Chromium), p50/p95 over N calls (default 50).
// Reference in the same run, through the same server: a bare SIP.js page receiving the same INVITE
// (time until its onInvite runs). Clocks: Date.now() in Node and in Chromium on the same machine.
// Needs `npm run build` (dist/renderer). Prints ONE JSON line. `npm run bench ring-latency`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../test/support/processes.js';
import { TestPhone } from '../../test/integration/server-sip-ua.js';
import { pct, serveBarePage, signedInAgent, SIP_DOMAIN, startBenchStack } from '../support/harness.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 50);
const here = path.dirname(fileURLToPath(import.meta.url));

const stack = await startBenchStack('ring');
const { browser, wsUrl, setStatus } = stack;
const customer = await new TestPhone({ wsUrl, domain: SIP_DOMAIN, user: 'customer' }).start();
const bare = await serveBarePage(path.join(here, 'bare-page.ts'));

/** One call to the queue: resolves with (ring seen − INVITE sent) in ms, then cancels the call. */
async function oneCall(seen: () => Promise<number | undefined>, gone: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  const { inviter } = customer.call('support');
  const t1 = await waitFor(seen, 'the ring', 30_000, 5);
  await inviter.cancel().catch(() => undefined);
  await waitFor(gone, 'the ring to stop', 30_000, 20);
  return t1 - t0;
}

let result: Record<string, unknown>;
try {
  // --- the product: alice in the agent UI
  const page = await signedInAgent(browser, stack.web.url);
  await setStatus('bob', 'Away');
  await page.evaluate(() => {
    const w = window as unknown as { __ring: number[] };
    w.__ring = [];
    let open = false;
    new MutationObserver(() => {
      const d = [...document.querySelectorAll('[role="dialog"]')].find((e) => /incoming call/i.test(e.getAttribute('aria-label') ?? e.textContent ?? ''));
      const visible = !!d && (d as HTMLElement).offsetParent !== null;
      if (visible && !open) w.__ring.push(Date.now());
      open = visible;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const ours: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const before = await page.evaluate(() => (window as unknown as { __ring: number[] }).__ring.length);
    ours.push(await oneCall(
      async () => page.evaluate((n) => (window as unknown as { __ring: number[] }).__ring[n], before),
      async () => (await page.getByRole('dialog', { name: 'Incoming call' }).count()) === 0,
    ));
    // Missed calls may set the agent away or into wrap-up; make her available again for the next one.
    await page.getByLabel('Status').selectOption('Available').catch(() => undefined);
  }
  await page.close();
  await setStatus('alice', 'Away');

  // --- reference: bob on a bare SIP.js page
  const barePage = await browser.newPage();
  await barePage.goto(`${bare.url}/?${new URLSearchParams({ user: 'bob', password: 'bob', domain: SIP_DOMAIN, ws: wsUrl })}`);
  await barePage.waitForFunction(() => (window as unknown as { __registered: boolean }).__registered, undefined, { timeout: 30_000 });
  await setStatus('bob', 'Available');
  const ref: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const before = await barePage.evaluate(() => (window as unknown as { __ring: number[] }).__ring.length);
    ref.push(await oneCall(
      async () => barePage.evaluate((n) => (window as unknown as { __ring: number[] }).__ring[n], before),
      async () => true,
    ));
    await setStatus('bob', 'Available');
  }
  result = {
    calls: CALLS,
    p50Ms: pct(ours, 0.5), p95Ms: pct(ours, 0.95),
    reference: { client: 'bare sip.js page', p50Ms: pct(ref, 0.5), p95Ms: pct(ref, 0.95) },
    ratioP50: +(pct(ours, 0.5) / Math.max(1, pct(ref, 0.5))).toFixed(2),
  };
} finally {
  await customer.stop();
  bare.close();
  await stack.close();
}
console.log(JSON.stringify(result));
