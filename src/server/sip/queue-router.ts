// Routes a call to a queue URI (spec §4): asks the ACD whom to ring, rings ONE agent at a time through
// their registered binding, moves on after the ring timeout or a rejection, waits while nobody is
// eligible, and gives up with 480 at the maximum wait. Stateful proxy on the `sip` transaction layer:
// the customer's INVITE stays open upstream while branches come and go downstream.
import { randomUUID } from 'node:crypto';
import type { Flow, Message, NameAddr, Via } from 'sip';
import { SIP_HEADER } from '../../shared/sip-headers.js';
import { decideNextAgent } from '../acd/acd.js';
import type { CallConversations, CallContext } from '../conversations/call-conversations.js';
import type { Presence } from '../presence/presence.js';
import type { Queue } from '../queues/queues-repo.js';
import type { CallTracker } from './call-tracker.js';
import { callChannel, isMessagingChannel, type Channel } from './channel.js';
import { decrementMaxForwards, displayNameOf, response, userOf } from './messages.js';
import type { Registrar } from './registrar.js';
import { flowKey, sip, type SipStack } from './sip-stack.js';

/**
 * Why we CANCEL a ringing agent, as an RFC 3326 Reason header: the desktop (and any SIP phone) can tell a ring
 * timeout (the call moves on to another agent) from the customer hanging up or the maximum wait.
 */
export const CANCEL_REASON = {
  ringTimeout: 'SIP;cause=408;text="Ring timeout"',
  callerCancelled: 'SIP;cause=487;text="Caller cancelled"',
  maxWait: 'SIP;cause=480;text="Maximum wait reached"',
  ended: 'SIP;cause=500;text="Call ended"',
} as const;
type CancelReason = (typeof CANCEL_REASON)[keyof typeof CANCEL_REASON];

/** After CANCELling a branch, how long to wait for its final response before moving on regardless. */
const CANCEL_GRACE_MS = 5000;

const OUR_HEADERS = Object.values(SIP_HEADER).map((h) => h.toLowerCase());

export interface QueueRouterDeps {
  stack: SipStack;
  registrar: Registrar;
  presence: Presence;
  calls: CallTracker;
  ringTimeoutMs: (accountId: string) => Promise<number>;
  maxWaitMs: number;
  /** Conversation matching and People names (optional so the router works without them). */
  conversations?: CallConversations;
  /** Non-Closed conversations per agent (ACD workload, §4.2). */
  workload?: (accountId: string) => Promise<ReadonlyMap<string, number>>;
  /** Maximum wait of the waiting strategy that applies to the queue (§4.4, §5.1); default `maxWaitMs`. */
  maxWaitMsFor?: (queue: Queue) => Promise<number | undefined>;
  /** Working hours (§4.5): false = nobody rings. */
  isOpen?: (queue: Queue) => Promise<boolean>;
  log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, err?: unknown) => void;
  now?: () => number;
  /** A 2xx from the agent is being forwarded to the caller (the edge then watches for the ACK). */
  onAnswered?: (invite: Message, ok: Message, callerFlow: Flow, agentFlow: Flow) => void;
}

interface Branch {
  agentId: string;
  flow: Flow;
  request: Message;
  /** Route used to reach the agent (kept for CANCEL; `send` consumes the request's own copy). */
  route: NameAddr[];
  via?: Via;
  provisional: boolean;
  cancelRequested: boolean;
  /** Reason header of the CANCEL (set when the CANCEL is requested; sent once the branch's Via is known). */
  cancelReason?: CancelReason;
  cancelSent: boolean;
  ringTimer?: NodeJS.Timeout;
  graceTimer?: NodeJS.Timeout;
}

/** How the call reached the queue (X-Call-Type). */
export interface QueueOfferOptions {
  callType?: 'normal' | 'transferred' | 'callback';
  /** Channel known from an earlier leg (a transfer); otherwise X-Channel / the transport decide. */
  channel?: Channel;
}

type CallState = 'idle' | 'deciding' | 'waiting' | 'ringing' | 'connected' | 'ended';

export class QueueCall {
  readonly id = randomUUID();
  readonly enqueuedAt: number;
  state: CallState = 'idle';
  private tried: string[] = [];
  private branch?: Branch;
  private maxWaitTimer?: NodeJS.Timeout;
  private readonly customerNumber?: string;
  private readonly customerName?: string;
  private readonly channel: Channel;
  private context?: CallContext;
  private maxWaitMs: number;
  readonly inviteFlowKey: string;

  constructor(
    private readonly deps: QueueRouterDeps,
    readonly queue: Queue,
    private readonly invite: Message,
    private readonly inviteFlow: Flow,
    private readonly onDone: (call: QueueCall) => void,
    private readonly offer: QueueOfferOptions = {},
  ) {
    this.enqueuedAt = (deps.now ?? Date.now)();
    this.maxWaitMs = deps.maxWaitMs;
    this.inviteFlowKey = flowKey(inviteFlow);
    this.channel = offer.channel ?? callChannel(invite.headers[SIP_HEADER.channel.toLowerCase()], inviteFlow.protocol);
    const fromUser = userOf(invite.headers.from.uri);
    if (fromUser && /^\+?[0-9]{3,20}$/.test(fromUser)) this.customerNumber = fromUser;
    const name = displayNameOf(invite.headers.from, !/^wss?$/i.test(inviteFlow.protocol));
    if (name) this.customerName = name.slice(0, 200);
  }

  get sipCallId(): string {
    return this.invite.headers['call-id'];
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.upstream(response(this.invite, 100, 'Trying'));
    this.state = 'deciding';
    this.prepare().then((open) => {
      if (this.state !== 'deciding') return;
      this.maxWaitTimer = setTimeout(() => this.giveUp(), Math.max(0, this.enqueuedAt + this.maxWaitMs - this.now()));
      if (!open) {
        this.deps.log('info', `queue ${this.queue.name}: call ${this.id} outside working hours`);
        return this.finish(480, 'Outside working hours');
      }
      this.state = 'idle';
      this.next();
    }).catch((e) => {
      this.deps.log('error', `queue ${this.queue.name}: preparing the call failed`, e);
      this.finish(500, 'Server Internal Error');
    });
  }

  /** Working hours, the customer's open conversation and People name, once per call. */
  private async prepare(): Promise<boolean> {
    if (this.deps.isOpen && !(await this.deps.isOpen(this.queue))) return false;
    this.maxWaitMs = (await this.deps.maxWaitMsFor?.(this.queue)) ?? this.deps.maxWaitMs;
    if (this.deps.conversations) {
      const from = sip.parseUri(this.invite.headers.from.uri);
      this.context = await this.deps.conversations.prepare(this.queue.accountId, {
        number: this.customerNumber, sipUser: from?.user, sipHost: from?.host, displayName: this.customerName,
      });
    }
    return true;
  }

  /** Re-evaluate (an agent's presence changed). Only acts while waiting. */
  recheck(): void {
    if (this.state === 'waiting') this.next();
  }

  /** The customer CANCELled (or went away): stop everything. */
  cancel(replyUpstream = true): void {
    if (this.state === 'connected' || this.state === 'ended') return;
    this.finish(replyUpstream ? 487 : undefined, 'Request Terminated', CANCEL_REASON.callerCancelled);
  }

  /** Ringing stops at the maximum wait time (spec §4.4). */
  private giveUp(): void {
    if (this.state === 'connected' || this.state === 'ended') return;
    this.deps.log('info', `queue ${this.queue.name}: call ${this.id} reached the maximum wait`);
    this.finish(480, 'Temporarily Unavailable', CANCEL_REASON.maxWait);
  }

  private next(): void {
    if (this.state === 'connected' || this.state === 'ended' || this.state === 'deciding') return;
    this.state = 'deciding';
    Promise.all([
      this.deps.ringTimeoutMs(this.queue.accountId),
      this.deps.workload?.(this.queue.accountId) ?? Promise.resolve(new Map<string, number>()),
    ]).then(([ringTimeoutMs, workload]) => {
      if (this.state !== 'deciding') return;
      // Decide and mark the agent ringing in the same tick, so two waiting calls never pick the same agent.
      for (let attempt = 0; attempt < 50; attempt++) {
        const decision = decideNextAgent(
          this.deps.presence.snapshot(this.queue.accountId, this.id, workload),
          { queueMemberIds: this.queue.memberIds, enqueuedAt: this.enqueuedAt, maxWaitMs: this.maxWaitMs, tried: this.tried, stickyAgentId: this.stickyAgentId() },
          this.now(),
        );
        if (decision.kind === 'stop') return this.giveUp();
        this.tried = decision.tried;
        if (decision.kind === 'wait') { this.state = 'waiting'; return; }
        const binding = this.deps.registrar.newest(decision.agentId);
        if (!binding) {
          // Expired since the last sweep: correct presence and decide again.
          this.deps.presence.setRegistered(decision.agentId, false);
          continue;
        }
        return this.ring(decision.agentId, binding.contact, binding.flow, ringTimeoutMs);
      }
      this.state = 'waiting';
    }).catch((e) => {
      this.deps.log('error', `queue ${this.queue.name}: routing failed`, e);
      this.finish(500, 'Server Internal Error');
    });
  }

  /**
   * §4.6: a messaging-app customer whose open conversation is assigned stays with that agent. Not for a
   * transferred call: the conversation is still assigned to the agent who just handed it on.
   */
  private stickyAgentId(): string | undefined {
    if (!isMessagingChannel(this.channel) || this.offer.callType === 'transferred') return undefined;
    return this.context?.assigneeId ?? undefined;
  }

  private ring(agentId: string, contact: NameAddr, flow: Flow, ringTimeoutMs: number): void {
    const { stack, presence } = this.deps;
    const agent = presence.get(agentId);
    const rq = sip.copyMessage(this.invite, true);
    if (!decrementMaxForwards(rq)) return this.finish(483, 'Too Many Hops');
    this.deps.log('debug', `queue ${this.queue.name}: ringing ${agent?.login ?? agentId} for call ${this.id}`);
    presence.setRinging(agentId, this.id);
    this.state = 'ringing';

    rq.uri = contact.uri;
    const route = [stack.flowRoute(flow)];
    rq.headers.route = route.map((r) => ({ ...r }));
    // Both flows are recorded: in-dialog requests from either side carry the other side's flow first.
    rq.headers['record-route'] = [stack.flowRoute(this.inviteFlow), stack.flowRoute(flow), ...(rq.headers['record-route'] ?? [])];
    delete rq.headers['proxy-authorization'];
    for (const h of OUR_HEADERS) delete rq.headers[h];
    rq.headers[SIP_HEADER.queue.toLowerCase()] = this.queue.displayName.replace(/[\r\n]/g, ' ');
    rq.headers[SIP_HEADER.callType.toLowerCase()] = this.offer.callType ?? 'normal';
    rq.headers[SIP_HEADER.channel.toLowerCase()] = this.channel;
    rq.headers[SIP_HEADER.companionCallId.toLowerCase()] = this.id;
    if (this.customerNumber) rq.headers[SIP_HEADER.customerNumber.toLowerCase()] = this.customerNumber;
    const name = this.context?.customerName ?? this.customerName;
    if (name) rq.headers[SIP_HEADER.customerName.toLowerCase()] = encodeURIComponent(name);
    if (this.context?.conversationId) rq.headers[SIP_HEADER.conversationId.toLowerCase()] = this.context.conversationId;

    const branch: Branch = { agentId, flow, request: rq, route, provisional: false, cancelRequested: false, cancelSent: false };
    this.branch = branch;
    branch.ringTimer = setTimeout(() => this.stopRinging(branch), ringTimeoutMs);
    try {
      stack.send(rq, (rs) => this.onBranchResponse(branch, rs));
    } catch (e) {
      this.deps.log('warn', `queue ${this.queue.name}: could not reach ${agent?.login ?? agentId}`, e);
      this.branchDone(branch);
      this.next();
    }
  }

  private onBranchResponse(branch: Branch, rs: Message): void {
    const status = rs.status ?? 0;
    if (status < 200) {
      branch.via ??= rs.headers.via[0];
      if (status > 100) branch.provisional = true;
    }
    if (branch !== this.branch) {
      // A branch we already gave up on: make sure it stops ringing, and if it answered, hang it up.
      if (status < 200 && branch.cancelRequested) this.sendCancel(branch);
      else if (status >= 200 && status < 300) this.hangUpStray(branch, rs);
      return;
    }
    if (status < 200) {
      if (branch.cancelRequested) { this.sendCancel(branch); return; }
      if (status > 100 && this.state === 'ringing') this.relay(rs);
      return;
    }
    if (status < 300) {
      if (this.state === 'ended') { this.hangUpStray(branch, rs); return; }
      if (this.state !== 'connected') {
        this.connected(branch);
        this.deps.onAnswered?.(this.invite, rs, this.inviteFlow, branch.flow);
      }
      this.relay(rs);
      return;
    }
    // Rejected, timed out or cancelled by us: ring the next agent (spec §4.4).
    this.deps.log('debug', `queue ${this.queue.name}: branch ended with ${status}`);
    this.branchDone(branch);
    if (this.state === 'ringing') this.next();
  }

  private connected(branch: Branch): void {
    this.clearBranchTimers(branch);
    clearTimeout(this.maxWaitTimer);
    this.state = 'connected';
    const ctx = this.context;
    const conversation = ctx && this.deps.conversations
      ? this.deps.conversations.answered(ctx, branch.agentId, this.queue.id, this.id).catch((e: unknown) => {
        this.deps.log('error', `queue ${this.queue.name}: could not assign the conversation`, e);
        return null;
      })
      : Promise.resolve(null);
    this.deps.calls.established({
      sipCallId: this.sipCallId, companionCallId: this.id, accountId: this.queue.accountId,
      agentIds: [branch.agentId], agentFlows: [flowKey(branch.flow)], fromQueue: true, channel: this.channel,
      startedAt: this.now(), conversation,
    });
    this.onDone(this);
  }

  /** Ring timeout: CANCEL the branch and wait for its final response (an answer in between still wins). */
  private stopRinging(branch: Branch): void {
    if (branch !== this.branch || branch.cancelRequested) return;
    branch.cancelRequested = true;
    branch.cancelReason = CANCEL_REASON.ringTimeout;
    this.sendCancel(branch);
    branch.graceTimer = setTimeout(() => {
      if (branch !== this.branch) return;
      this.branchDone(branch);
      if (this.state === 'ringing') this.next();
    }, CANCEL_GRACE_MS);
  }

  /** CANCEL needs the branch's Via, known from its first provisional response (RFC 3261 §9.1). */
  private sendCancel(branch: Branch): void {
    if (!branch.via || branch.cancelSent) return;
    branch.cancelSent = true;
    const rq = branch.request;
    try {
      this.deps.stack.send({
        method: 'CANCEL',
        uri: rq.uri,
        headers: {
          via: [branch.via],
          to: rq.headers.to,
          from: rq.headers.from,
          'call-id': rq.headers['call-id'],
          route: branch.route.map((r) => ({ ...r })),
          cseq: { seq: rq.headers.cseq.seq, method: 'CANCEL' },
          'max-forwards': '70',
          reason: branch.cancelReason ?? CANCEL_REASON.ended,
        },
      }, () => undefined);
    } catch (e) {
      this.deps.log('warn', 'CANCEL could not be sent', e);
    }
  }

  private branchDone(branch: Branch): void {
    this.clearBranchTimers(branch);
    this.deps.presence.clearRinging(branch.agentId, this.id);
    if (this.branch === branch) this.branch = undefined;
  }

  private clearBranchTimers(branch: Branch): void {
    clearTimeout(branch.ringTimer);
    clearTimeout(branch.graceTimer);
  }

  private finish(status: number | undefined, reason: string, cancelReason: CancelReason = CANCEL_REASON.ended): void {
    clearTimeout(this.maxWaitTimer);
    const branch = this.branch;
    if (branch) {
      this.clearBranchTimers(branch);
      this.deps.presence.clearRinging(branch.agentId, this.id);
      branch.cancelRequested = true;
      branch.cancelReason ??= cancelReason;
      this.sendCancel(branch);
      // Keep listening to it as a stray: if it answers anyway it gets a BYE.
      this.branch = undefined;
    }
    this.state = 'ended';
    if (status !== undefined) this.upstream(response(this.invite, status, reason));
    this.onDone(this);
  }

  /** ACK and BYE a 2xx we no longer want (the agent answered after the customer left). */
  private hangUpStray(branch: Branch, rs: Message): void {
    const contact = Array.isArray(rs.headers.contact) ? rs.headers.contact[0] : undefined;
    const uri = contact?.uri ?? branch.request.uri;
    if (!uri) return;
    const base = {
      to: rs.headers.to, from: rs.headers.from, 'call-id': rs.headers['call-id'], 'max-forwards': '70',
    };
    try {
      this.deps.stack.send({ method: 'ACK', uri, headers: { ...base, via: [], route: branch.route.map((r) => ({ ...r })), cseq: { seq: rs.headers.cseq.seq, method: 'ACK' } } });
      this.deps.stack.send({ method: 'BYE', uri, headers: { ...base, via: [], route: branch.route.map((r) => ({ ...r })), cseq: { seq: rs.headers.cseq.seq + 1, method: 'BYE' } } }, () => undefined);
    } catch (e) {
      this.deps.log('warn', 'could not hang up a late answer', e);
    }
  }

  private relay(rs: Message): void {
    const copy = sip.copyMessage(rs, true);
    copy.headers.via.shift();
    this.upstream(copy);
  }

  private upstream(rs: Message): void {
    try {
      this.deps.stack.send(rs);
    } catch (e) {
      this.deps.log('warn', 'could not answer the caller', e);
    }
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

export class QueueRouter {
  private readonly active = new Map<string, QueueCall>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: QueueRouterDeps) {
    this.unsubscribe = deps.presence.onChange((agent) => {
      // Oldest waiting call first, so the longest-waiting customer gets the agent who just freed up.
      const waiting = [...this.active.values()].filter((c) => c.state === 'waiting' && c.queue.accountId === agent.accountId);
      waiting.sort((a, b) => a.enqueuedAt - b.enqueuedAt);
      for (const c of waiting) c.recheck();
    });
  }

  /** A new INVITE to a queue URI. Returns the call (for CANCEL matching). */
  offer(invite: Message, flow: Flow, queue: Queue, onSettled: () => void, options: QueueOfferOptions = {}): QueueCall {
    const call = new QueueCall(this.deps, queue, invite, flow, (c) => { this.active.delete(c.id); onSettled(); }, options);
    this.active.set(call.id, call);
    // Registered before start(): start() may settle the call synchronously.
    queueMicrotask(() => call.start());
    return call;
  }

  /** The customer's connection died: calls not yet answered are abandoned. */
  flowClosed(key: string): void {
    for (const c of [...this.active.values()]) if (c.inviteFlowKey === key) c.cancel(false);
  }

  close(): void {
    this.unsubscribe();
    for (const c of [...this.active.values()]) c.cancel(false);
    this.active.clear();
  }
}
