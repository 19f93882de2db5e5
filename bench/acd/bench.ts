// ACD benchmark (issue 9): routing decisions per second and p99 decision latency of the pure ACD
// (src/server/acd) with 1,000 agents and 10,000 waiting calls, against a naive reference in the same run
// (sorts every agent, eligible or not, with a freshly built key per comparison, then filters).
// Prints ONE JSON line. `npm run bench acd` or `npx tsx bench/acd/bench.ts`.
import { compareAgents, decideNextAgent, isEligible, type AcdAgent, type AcdCall, type AcdDecision } from '../../src/server/acd/acd.js';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 1_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Deterministic pseudo-random numbers so both implementations see the same world. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function world(seed: number): { agents: AcdAgent[]; calls: AcdCall[]; now: number } {
  const r = prng(seed);
  const now = 1_700_000_000_000;
  const agents: AcdAgent[] = Array.from({ length: AGENTS }, (_, i) => ({
    id: `a${i}`, login: `agent${String(i).padStart(5, '0')}`,
    status: r() < 0.7 ? 'Available' : r() < 0.5 ? 'Away' : 'Busy',
    registered: r() < 0.95, inCall: r() < 0.3, inWrapUp: r() < 0.05, ringingElsewhere: false,
    openConversations: Math.floor(r() * 5), lastCallEndedAt: r() < 0.1 ? null : now - Math.floor(r() * 3_600_000),
  }));
  // Ten queues of 100–1,000 members each; calls spread over them.
  const queues = Array.from({ length: 10 }, (_, q) => agents.filter((_, i) => (i + q) % (q + 1) === 0 || r() < 0.1).map((a) => a.id));
  const calls: AcdCall[] = Array.from({ length: CALLS }, (_, i) => ({
    queueMemberIds: queues[i % queues.length]!, enqueuedAt: now - Math.floor(r() * 200_000), maxWaitMs: 300_000, tried: [],
  }));
  return { agents, calls, now };
}

/** The naive reference: full sort of all agents on every decision, keys rebuilt each comparison. */
function naiveDecide(agents: readonly AcdAgent[], call: AcdCall, now: number): AcdDecision {
  if (now - call.enqueuedAt >= call.maxWaitMs) return { kind: 'stop', reason: 'max_wait' };
  const key = (a: AcdAgent) => [a.openConversations, a.lastCallEndedAt ?? -Infinity, a.login] as const;
  const sorted = [...agents].sort((x, y) => {
    const kx = key(x); const ky = key(y);
    return kx[0] - ky[0] || (kx[1] === ky[1] ? 0 : kx[1] < ky[1] ? -1 : 1) || (kx[2] < ky[2] ? -1 : kx[2] > ky[2] ? 1 : 0);
  });
  const candidates = sorted.filter((a) => isEligible(a, call.queueMemberIds));
  if (candidates.length === 0) return { kind: 'wait', tried: [...call.tried] };
  const untried = candidates.find((a) => !call.tried.includes(a.id));
  if (untried) return { kind: 'ring', agentId: untried.id, tried: [...call.tried, untried.id] };
  return { kind: 'ring', agentId: candidates[0]!.id, tried: [candidates[0]!.id] };
}

/** Routes every waiting call once; a rung agent is "ringing elsewhere" for the rest of the pass (as live). */
function run(decide: typeof decideNextAgent, calls: number): { perSecond: number; p50Us: number; p99Us: number; rung: number } {
  const { agents, calls: all, now } = world(42);
  const lat: number[] = [];
  let rung = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    const d = decide(agents, all[i]!, now);
    lat.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (d.kind === 'ring') {
      rung++;
      const a = agents.find((x) => x.id === d.agentId)!;
      a.ringingElsewhere = true;
      // Agents free up again over time so the pass does not run out of candidates.
      if (rung % 50 === 0) for (const x of agents) x.ringingElsewhere = false;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  lat.sort((a, b) => a - b);
  const q = (p: number) => +lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!.toFixed(1);
  return { perSecond: Math.round(calls / seconds), p50Us: q(0.5), p99Us: q(0.99), rung };
}

// Both must agree on every decision (same world, same order), otherwise the comparison is meaningless.
{
  const { agents, calls, now } = world(7);
  for (const c of calls.slice(0, 200)) {
    const a = decideNextAgent(agents, c, now); const b = naiveDecide(agents, c, now);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`ACD and reference disagree: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  void compareAgents;
}

run(decideNextAgent, 500); run(naiveDecide, 200); // warm-up (JIT)
const best = (f: () => ReturnType<typeof run>) => Array.from({ length: ROUNDS }, f).sort((a, b) => b.perSecond - a.perSecond)[0]!;
const acd = best(() => run(decideNextAgent, CALLS));
// The reference is slower; it routes a tenth of the calls (rates are per second, so they compare).
const reference = best(() => run(naiveDecide, Math.max(500, Math.floor(CALLS / 10))));
console.log(JSON.stringify({
  agents: AGENTS, waitingCalls: CALLS,
  decisionsPerSecond: acd.perSecond, p50Us: acd.p50Us, p99Us: acd.p99Us,
  reference: { decisionsPerSecond: reference.perSecond, p50Us: reference.p50Us, p99Us: reference.p99Us },
  speedup: +(acd.perSecond / reference.perSecond).toFixed(2),
}));
