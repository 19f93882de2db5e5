// Answer-to-audio benchmark (issue 9): Answer pressed in the agent UI (web host + renderer in Debian's
// Chromium, fake devices) → first inbound audio packet on BOTH sides (the agent's and the customer's
// /call page), p50/p95 over N calls (default 20). Reference in the same run, through the same server and the
// same queue: two bare SIP.js pages (sip.js's own web media handler), one calling, one answering.
// Measurement, identical for both: an init script records every RTCPeerConnection a page creates and polls
// getStats() every POLL_MS for an inbound-rtp audio stream with packetsReceived > 0 (resolution ≈ POLL_MS);
// Answer time is taken in the agent page (a capturing click listener on the Answer button, or the bare page's
// own answer call). Clocks: Date.now() in pages of one Chromium on one machine.
// Needs `npm run build`. Prints ONE JSON line. `npm run bench -- answer-to-audio` (BENCH_CALLS=N).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { waitFor } from '../../test/support/processes.js';
import { agentAnswers, customerHangsUp, customerStartsCall, pct, serveBarePage, signedInAgent, SIP_DOMAIN, startBenchStack } from '../support/harness.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const POLL_MS = 2;
const here = path.dirname(fileURLToPath(import.meta.url));

type Probe = { __firstAudioAt?: number; __answerAt?: number; __armAudio(): void };

/** Runs in every page before its own scripts: records peer connections, watches for the first audio packet. */
function probe(pollMs: number): void {
  const w = window as unknown as Probe & { __pcs: RTCPeerConnection[] };
  w.__pcs = [];
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) { super(config); w.__pcs.push(this); }
  };
  document.addEventListener('click', (e) => {
    const b = (e.target as Element | null)?.closest?.('button');
    if (b && /^\s*Answer\s*$/.test(b.textContent ?? '')) w.__answerAt = Date.now();
  }, true);
  let timer: ReturnType<typeof setInterval> | undefined;
  w.__armAudio = () => {
    const from = w.__pcs.length;
    w.__firstAudioAt = undefined;
    w.__answerAt = undefined;
    clearInterval(timer);
    let busy = false;
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void Promise.all(w.__pcs.slice(from).map((pc) => pc.getStats().then((stats) => {
        let got = false;
        stats.forEach((r: { type: string; kind?: string; packetsReceived?: number }) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio' && (r.packetsReceived ?? 0) > 0) got = true;
        });
        return got;
      }).catch(() => false))).then((seen) => {
        busy = false;
        if (seen.some(Boolean) && w.__firstAudioAt === undefined) { w.__firstAudioAt = Date.now(); clearInterval(timer); }
      });
    }, pollMs);
  };
}

const arm = (p: Page) => p.evaluate(() => (window as unknown as Probe).__armAudio());
const read = (p: Page) => p.evaluate(() => ({ first: (window as unknown as Probe).__firstAudioAt, answer: (window as unknown as Probe).__answerAt }));

/** Waits for both sides' first packet; returns [agent side, customer side] in ms after Answer. */
async function firstAudio(agent: Page, customer: Page): Promise<[number, number]> {
  const a = await waitFor(async () => { const r = await read(agent); return r.first && r.answer ? r : undefined; }, 'audio at the agent', 30_000, 20);
  const c = await waitFor(async () => (await read(customer)).first, 'audio at the customer', 30_000, 20);
  return [a.first! - a.answer!, c - a.answer!];
}

const summary = (agentMs: number[], customerMs: number[]) => {
  const both = agentMs.map((a, i) => Math.max(a, customerMs[i]!));
  return {
    agentP50Ms: pct(agentMs, 0.5), agentP95Ms: pct(agentMs, 0.95),
    customerP50Ms: pct(customerMs, 0.5), customerP95Ms: pct(customerMs, 0.95),
    bothP50Ms: pct(both, 0.5), bothP95Ms: pct(both, 0.95),
  };
};

const stack = await startBenchStack('answer');
const { browser, wsUrl, setStatus } = stack;
const bare = await serveBarePage(path.join(here, 'bare-phone.ts'));
let result: Record<string, unknown>;
try {
  // Wrap-up would keep the agent out of the queue between calls; this measures the call, not wrap-up.
  await stack.supervisor('PUT', '/api/settings/wrapup', { enabled: false, seconds: 30, allowExtension: false });
  const context = await browser.newContext();
  await context.addInitScript(probe, POLL_MS);

  // --- the product: alice in the agent UI, the customer on the /call page
  await setStatus('bob', 'Away');
  const agent = await signedInAgent(context, stack.web.url);
  const customer = await context.newPage();
  const oursAgent: number[] = []; const oursCustomer: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    await customerStartsCall(customer, stack.companion.url, async () => { await arm(agent); await arm(customer); });
    await agentAnswers(agent);
    const [a, c] = await firstAudio(agent, customer);
    oursAgent.push(a); oursCustomer.push(c);
    await customerHangsUp(agent, customer);
    await setStatus('alice', 'Available');
  }
  await agent.close(); await customer.close();
  await setStatus('alice', 'Away');

  // --- reference: bob and a caller on bare SIP.js pages
  const q = (p: Record<string, string>) => `${bare.url}/?${new URLSearchParams({ domain: SIP_DOMAIN, ws: wsUrl, ...p })}`;
  const bareAgent = await context.newPage();
  await bareAgent.goto(q({ role: 'agent', user: 'bob', password: 'bob' }));
  await bareAgent.waitForFunction(() => window.__registered, undefined, { timeout: 30_000 });
  const caller = await context.newPage();
  const refAgent: number[] = []; const refCustomer: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    await setStatus('bob', 'Available');
    await caller.goto(q({ role: 'caller', user: `guest-bench${i}` }));
    await arm(bareAgent); await arm(caller);
    await caller.evaluate(() => window.__call());
    await bareAgent.waitForFunction(() => window.__ringing, undefined, { timeout: 30_000 });
    await bareAgent.evaluate(() => window.__answer());
    const [a, c] = await firstAudio(bareAgent, caller);
    refAgent.push(a); refCustomer.push(c);
    await caller.evaluate(() => window.__hangup());
    await bareAgent.waitForFunction(() => !window.__established, undefined, { timeout: 30_000 });
  }
  const ours = summary(oursAgent, oursCustomer);
  const ref = summary(refAgent, refCustomer);
  result = {
    calls: CALLS, pollMs: POLL_MS, ...ours,
    reference: { client: 'two bare sip.js pages', ...ref },
    ratioBothP50: +(ours.bothP50Ms / Math.max(1, ref.bothP50Ms)).toFixed(2),
  };
} finally {
  bare.close();
  await stack.close();
}
console.log(JSON.stringify(result));
