// Automatic call distribution (spec §3.1, §4.2, §4.4) as a pure decision: given a snapshot of the agents,
// the waiting call and the clock, say whom to ring next, or to keep waiting, or to give up.
// No I/O and no storage here, so the same rules can run against any store (SQLite today, PostgreSQL later).
import type { AgentStatus } from '../../shared/contract.js';

export interface AcdAgent {
  id: string;
  login: string;
  /** The status the agent picked; only the "available" group receives calls. */
  status: AgentStatus;
  registered: boolean;
  inCall: boolean;
  inWrapUp: boolean;
  /** Ringing for ANOTHER call right now (one offer at a time per agent). */
  ringingElsewhere: boolean;
  /** Open (non-Closed) conversations assigned to the agent. */
  openConversations: number;
  /** Epoch ms when the agent's last call ended; null if never (counts as idle the longest). */
  lastCallEndedAt: number | null;
}

export interface AcdCall {
  queueMemberIds: readonly string[];
  /** Epoch ms when the call entered the queue. */
  enqueuedAt: number;
  maxWaitMs: number;
  /** Rotation state: agents already offered this call in the current round, in order. */
  tried: readonly string[];
  /**
   * Messaging-app calls (§4.6): the agent the customer's conversation is assigned to. While that agent is
   * available only they ring (again after a reject); when they are unavailable routing falls back to normal.
   */
  stickyAgentId?: string;
}

export type AcdDecision =
  | { kind: 'ring'; agentId: string; tried: string[] }
  | { kind: 'wait'; tried: string[] }
  | { kind: 'stop'; reason: 'max_wait' };

const AVAILABLE_GROUP: ReadonlySet<AgentStatus> = new Set(['Available']);

type MemberIds = readonly string[] | ReadonlySet<string>;

function asSet(ids: MemberIds): ReadonlySet<string> {
  return ids instanceof Set ? ids : new Set(ids as readonly string[]);
}

/** Accepts the member list or a prebuilt Set (the decision builds the Set once per call, not per agent). */
export function isEligible(agent: AcdAgent, queueMemberIds: MemberIds): boolean {
  return AVAILABLE_GROUP.has(agent.status)
    && agent.registered
    && !agent.inCall
    && !agent.inWrapUp
    && !agent.ringingElsewhere
    && asSet(queueMemberIds).has(agent.id);
}

/** Lowest workload first, then longest idle, then login (so equal agents are ordered deterministically). */
export function compareAgents(a: AcdAgent, b: AcdAgent): number {
  if (a.openConversations !== b.openConversations) return a.openConversations - b.openConversations;
  const idleA = a.lastCallEndedAt ?? Number.NEGATIVE_INFINITY;
  const idleB = b.lastCallEndedAt ?? Number.NEGATIVE_INFINITY;
  if (idleA !== idleB) return idleA < idleB ? -1 : 1;
  return a.login < b.login ? -1 : a.login > b.login ? 1 : 0;
}

/**
 * Sticky agent (§4.6) as its own rule: 'ring' them when eligible; 'wait' only while they are being offered
 * another call (momentary: it ends by answer, reject or ring timeout); 'fallback' when they are unavailable —
 * not Available, not registered, gone from the queue, or Busy in a call or wrap-up (§3.3: wrap-up counts as
 * Busy, i.e. unavailable), so the customer is not held until the maximum wait.
 */
export function stickyDecision(agents: readonly AcdAgent[], call: AcdCall, members: ReadonlySet<string> = asSet(call.queueMemberIds)): 'ring' | 'wait' | 'fallback' {
  const sticky = call.stickyAgentId === undefined ? undefined : agents.find((a) => a.id === call.stickyAgentId);
  if (!sticky || !members.has(sticky.id) || !AVAILABLE_GROUP.has(sticky.status) || !sticky.registered) return 'fallback';
  if (sticky.inCall || sticky.inWrapUp) return 'fallback';
  return isEligible(sticky, members) ? 'ring' : 'wait';
}

/** First agent in compareAgents order (ties keep input order, like a stable sort), in one pass. */
function best(agents: readonly AcdAgent[]): AcdAgent | undefined {
  let top: AcdAgent | undefined;
  for (const a of agents) if (top === undefined || compareAgents(a, top) < 0) top = a;
  return top;
}

export function decideNextAgent(agents: readonly AcdAgent[], call: AcdCall, now: number): AcdDecision {
  if (now - call.enqueuedAt >= call.maxWaitMs) return { kind: 'stop', reason: 'max_wait' };
  const members = asSet(call.queueMemberIds);
  if (call.stickyAgentId !== undefined) {
    const sticky = stickyDecision(agents, call, members);
    if (sticky === 'ring') return { kind: 'ring', agentId: call.stickyAgentId, tried: [call.stickyAgentId] };
    if (sticky === 'wait') return { kind: 'wait', tried: [...call.tried] };
  }
  // Only the head of the order matters, so pick minima in linear passes instead of sorting.
  const candidates = agents.filter((a) => isEligible(a, members));
  if (candidates.length === 0) return { kind: 'wait', tried: [...call.tried] };
  const tried = new Set(call.tried);
  const untried = best(candidates.filter((a) => !tried.has(a.id)));
  if (untried) return { kind: 'ring', agentId: untried.id, tried: [...call.tried, untried.id] };
  // Everyone eligible was offered the call in this round: start again from the first.
  const first = best(candidates)!;
  return { kind: 'ring', agentId: first.id, tried: [first.id] };
}
