// Ring-latency benchmark (issue 9): a customer's INVITE sent to the companion's SIP edge → the incoming-call
// modal visible in the agent UI (web host + renderer in Debian's Chromium), p50/p95 over N calls (default 50).
// Reference in the same run, through the same server: a bare SIP.js page receiving the same INVITE
// (time until its onInvite runs). Clocks: Date.now() in Node and in Chromium on the same machine.
// Needs `npm run build` (dist/renderer). Prints ONE JSON line. `npm run bench ring-latency`.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../test/support/chromium.js';
import { api, login } from '../../test/support/companion-api.js';
import { ROOT, startCompanionProcess, startWebHostProcess, tempDir, waitFor } from '../../test/support/processes.js';
import { TestPhone } from '../../test/integration/server-sip-ua.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 50);
const here = path.dirname(fileURLToPath(import.meta.url));
if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first.');

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };

const companion = await startCompanionProcess(tempDir('bench-ring'));
const web = await startWebHostProcess(companion.url);
const browser = await launchChromium();
const wsUrl = `${companion.url.replace(/^http/, 'ws')}/sip`;
const customer = await new TestPhone({ wsUrl, domain: 'softphone.test', user: 'customer' }).start();
const bundle = await build({ entryPoints: [path.join(here, 'bare-page.ts')], bundle: true, format: 'esm', write: false, target: 'chrome120', logLevel: 'error' });
const js = bundle.outputFiles[0]!.text;
const pageServer = http.createServer((req, res) => {
  if (req.url?.startsWith('/app.js')) { res.setHeader('content-type', 'text/javascript'); res.end(js); return; }
  res.setHeader('content-type', 'text/html'); res.end('<!doctype html><title>bare</title><script type="module" src="/app.js"></script>');
});
await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
const pageUrl = `http://127.0.0.1:${(pageServer.address() as { port: number }).port}`;

const tokens = { alice: await login(companion.url, 'alice'), bob: await login(companion.url, 'bob') };
const setStatus = async (who: 'alice' | 'bob', status: string) => { await api(companion.url, 'PUT', '/api/me/status', tokens[who], { status }); };

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
  const page = await browser.newPage();
  await page.goto(web.url);
  await page.getByLabel('Login').fill('alice');
  await page.getByLabel('Password').fill('alice');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: /^Registered$/ }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Status').selectOption('Available');
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
  const bare = await browser.newPage();
  await bare.goto(`${pageUrl}/?${new URLSearchParams({ user: 'bob', password: 'bob', domain: 'softphone.test', ws: wsUrl })}`);
  await bare.waitForFunction(() => (window as unknown as { __registered: boolean }).__registered, undefined, { timeout: 30_000 });
  await setStatus('bob', 'Available');
  const ref: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const before = await bare.evaluate(() => (window as unknown as { __ring: number[] }).__ring.length);
    ref.push(await oneCall(
      async () => bare.evaluate((n) => (window as unknown as { __ring: number[] }).__ring[n], before),
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
  await browser.close();
  pageServer.close();
  await web.stop();
  await companion.stop();
}
console.log(JSON.stringify(result));
