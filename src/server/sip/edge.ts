// The SIP edge of the companion: one `sip` stack (SIP over WebSocket on the HTTP port, optional UDP/TCP),
// the registrar, the queue router and a small record-routing proxy for agent-to-agent calls and
// in-dialog requests. Everything here answers malformed or unexpected input with a SIP error, never a crash.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Flow, Message, NameAddr, Via } from 'sip';
import type { User, UsersRepo } from '../accounts/users-repo.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { CallConversations } from '../conversations/call-conversations.js';
import type { Presence } from '../presence/presence.js';
import type { Queue, QueuesRepo } from '../queues/queues-repo.js';
import type { WrapUpService } from '../wrapup/wrapup-service.js';
import { CallTracker, type TrackedCall } from './call-tracker.js';
import { DialogGuard } from './dialog-guard.js';
import { DigestAuth } from './digest.js';
import { decrementMaxForwards, hostOf, isWellFormedRequest, response, userOf } from './messages.js';
import { callChannel, type Channel } from './channel.js';
import { CANCEL_REASON, QueueRouter } from './queue-router.js';
import { DEFAULT_SIP_RATE_LIMITS, SipRateLimiter, type SipRateLimits } from './rate-limit.js';
import { SourceLockout } from './source-lockout.js';
import { Registrar } from './registrar.js';
import { TRANSFER_PARAM, TransferTokens, type TransferGrant, type TransferTarget } from './transfer-tokens.js';
import { SIP_HEADER } from '../../shared/sip-headers.js';
import { flowKey, sip, SipStack } from './sip-stack.js';
import { OUTBOUND_HEADER, readOutboundHeaders } from '../../shared/outbound-call.js';
import { applyCallerId, callerIdFor } from './caller-id.js';
import type { OutboundCalls, OutboundPlan } from './outbound-calls.js';

export type SipLog = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, err?: unknown) => void;

export interface SipEdgeOptions {
  host: string;
  sipDomain: string;
  udpTcpPort?: number;
  secret: Buffer;
  users: UsersRepo;
  queues: QueuesRepo;
  presence: Presence;
  wrapUp: WrapUpService;
  limiter: LoginLimiter;
  ringTimeoutMs: (accountId: string) => Promise<number>;
  maxWaitMs: number;
  conversations?: CallConversations;
  workload?: (accountId: string) => Promise<ReadonlyMap<string, number>>;
  isOpen?: (queue: Queue) => Promise<boolean>;
  maxWaitMsFor?: (queue: Queue) => Promise<number | undefined>;
  /** Queues without auto-assignment cannot be transfer targets (§7.2). */
  autoAssignment?: (queue: Queue) => Promise<boolean>;
  /** §7.3 phonebook rule for an external number: the display name when allowed, undefined when not. */
  externalAllowed?: (accountId: string, number: string) => Promise<string | undefined>;
  /** The account's outbound trunk (UDP) for external transfers. */
  trunk?: (accountId: string) => Promise<{ host: string; port: number } | null>;
  /** Caller ID for WebRTC customers sent to the trunk (the account's first number). */
  callerIdNumber?: (accountId: string) => Promise<string | undefined>;
  /** Agents' outbound calls to customer numbers (§8.3); without it such INVITEs get 404. */
  outbound?: OutboundCalls;
  /** Flood protection per source/address (default DEFAULT_SIP_RATE_LIMITS); false = off. */
  rateLimits?: SipRateLimits | false;
  log: SipLog;
  trace?: boolean;
  /** No ACK within this after a forwarded 2xx ends the dialog (default 64·T1 = 32 s; shorter in tests). */
  ackTimeoutMs?: number;
  /** A party whose connection closed has this long to come back before its dialogs end (default 32 s). */
  flowGraceMs?: number;
  /** An idle UDP/TCP dialog is probed with an in-dialog OPTIONS this often (default 5 min). */
  probeIntervalMs?: number;
}

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, MESSAGE, UPDATE, SUBSCRIBE, PRACK';

export class SipEdge {
  private readonly stack: SipStack;
  private readonly digest: DigestAuth;
  private readonly registrar: Registrar;
  private readonly router: QueueRouter;
  private readonly calls: CallTracker;
  /** Open INVITE transactions we proxy, by `call-id|branch`, for matching the caller's CANCEL. */
  private readonly pendingInvites = new Map<string, { cancel: () => void }>();
  private readonly localHosts: Set<string>;
  private readonly transfers = new TransferTokens();
  private readonly rateLimiter?: SipRateLimiter;
  private readonly sourceLockout?: SourceLockout;
  /** Refused requests since the last warning (logged at most every 10 s, not once per request). */
  private throttled = { count: 0, loggedAt: 0 };
  private readonly guard: DialogGuard;

  constructor(private readonly o: SipEdgeOptions) {
    this.localHosts = new Set([o.sipDomain.toLowerCase(), o.host.toLowerCase(), 'localhost', '127.0.0.1']);
    this.digest = new DigestAuth(o.sipDomain, o.secret);
    if (o.rateLimits !== false) {
      const limits = o.rateLimits ?? DEFAULT_SIP_RATE_LIMITS;
      this.rateLimiter = new SipRateLimiter(limits);
      this.sourceLockout = new SourceLockout(limits.digestFailures, new Set(limits.unaggregated));
    }
    this.stack = new SipStack({
      host: o.host,
      udpTcpPort: o.udpTcpPort,
      onRequest: (rq, flow) => this.onRequest(rq, flow),
      onFlowClosed: (key) => this.onFlowClosed(key),
      log: (level, msg, err) => o.log(level, msg, err),
      trace: o.trace,
    });
    this.registrar = new Registrar({
      digest: this.digest,
      limiter: o.limiter,
      sourceLockout: this.sourceLockout,
      realm: o.sipDomain,
      userByLogin: (login) => o.users.byLogin(login),
      reply: (rs) => this.reply(rs),
      onRegistrationChange: (userId, registered) => { o.presence.setRegistered(userId, registered); if (!registered) this.agentGone(userId); },
      log: (level, msg) => o.log(level, msg),
    });
    this.calls = new CallTracker({
      callStarted: (agentId, callId) => o.presence.callStarted(agentId, callId),
      callEnded: (call, agentId) => this.callEnded(call, agentId),
      onError: (e) => o.log('error', 'ending a call failed', e),
    });
    this.guard = new DialogGuard({
      send: (m, onResponse) => this.stack.send(m, onResponse ?? (() => undefined)), flowRoute: (f) => this.stack.flowRoute(f), flowOf: (u) => this.stack.flowOf(u),
      onDead: (id) => this.calls.ended(id), log: o.log, ackTimeoutMs: o.ackTimeoutMs, flowGraceMs: o.flowGraceMs, probeIntervalMs: o.probeIntervalMs,
    });
    this.router = new QueueRouter({
      onAnswered: (invite, ok, callerFlow, agentFlow) => this.guard.answered(invite, ok, callerFlow, agentFlow),
      stack: this.stack,
      registrar: this.registrar,
      presence: o.presence,
      calls: this.calls,
      ringTimeoutMs: o.ringTimeoutMs,
      maxWaitMs: o.maxWaitMs,
      conversations: o.conversations,
      workload: o.workload,
      isOpen: o.isOpen,
      maxWaitMsFor: o.maxWaitMsFor,
      log: o.log,
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.stack.handleUpgrade(req, socket, head);
  }

  /** Calls currently established through the edge (for diagnostics and tests). */
  activeCalls(): TrackedCall[] {
    return this.calls.all();
  }

  close(): void {
    this.guard.close();
    this.router.close();
    this.registrar.close();
    this.stack.close();
  }

  // ------------------------------------------------------------------ dispatch

  private onRequest(rq: Message, flow: Flow): void {
    const answerable = rq.method !== 'ACK' && Array.isArray(rq.headers?.via) && rq.headers.via.length > 0
      && !!rq.headers['call-id'] && !!rq.headers.cseq && !!rq.headers.to && !!rq.headers.from;
    if (this.rateLimiter && !this.rateLimiter.allow(flow)) {
      // Flood from one source: refuse cheaply (503 + Retry-After closes the server transaction; RFC 3261 §21.5.4).
      this.noteThrottled(flow);
      if (answerable) this.reply(response(rq, 503, 'Service Unavailable', { 'retry-after': '5' }));
      return;
    }
    if (!isWellFormedRequest(rq)) {
      // Without Via/Call-ID/CSeq there is no way to answer; anything else gets a 400.
      if (answerable) this.reply(response(rq, 400, 'Bad Request'));
      return;
    }
    if (rq.headers.cseq.method?.toUpperCase() !== rq.method!.toUpperCase()) {
      // RFC 3261 §8.1.1.5 / RFC 4475 §3.1.2.17: the CSeq method must match the request method.
      if (answerable) this.reply(response(rq, 400, 'CSeq Method Does Not Match'));
      return;
    }
    this.dispatch(rq, flow).catch((e) => {
      this.o.log('error', `${rq.method} handling failed`, e);
      if (rq.method !== 'ACK') this.reply(response(rq, 500, 'Server Internal Error'));
    });
  }

  private noteThrottled(flow: Flow): void {
    this.throttled.count++;
    const now = Date.now();
    if (now - this.throttled.loggedAt < 10_000) return;
    this.o.log('warn', `SIP rate limit: refused ${this.throttled.count} request(s); latest from ${flow.protocol} ${flow.address}:${flow.port}`);
    this.throttled = { count: 0, loggedAt: now };
  }

  private async dispatch(rq: Message, flow: Flow): Promise<void> {
    const method = rq.method!.toUpperCase();
    if (method === 'REGISTER') return this.registrar.handle(rq, flow);
    if (method === 'CANCEL') return this.onCancel(rq);
    if (rq.headers.to.params?.tag) return this.inDialog(rq, flow);
    if (method === 'ACK') return; // ACK of a non-2xx is absorbed by the transaction layer; a stray one is dropped

    const host = hostOf(rq.uri);
    // Ours: the SIP domain, our configured host, or the address the request reached us on.
    if (!host || !(this.localHosts.has(host) || host === flow.local.address)) return this.reply(response(rq, 404, 'Not Found'));
    const user = userOf(rq.uri);
    const xfer = rq.uri ? sip.parseUri(rq.uri)?.params?.[TRANSFER_PARAM] : undefined;
    if (method === 'INVITE' && typeof xfer === 'string') return this.transferredInvite(rq, flow, xfer);
    if (method === 'OPTIONS' && !user) return this.reply(response(rq, 200, 'OK', { allow: ALLOW }));
    if (!user) return this.reply(response(rq, 404, 'Not Found'));
    if (method === 'INVITE' && user.startsWith('+') && this.o.outbound) return this.outboundInvite(rq, flow, user, this.o.outbound);

    const queue = await this.o.queues.byName(user);
    if (queue) {
      if (method === 'OPTIONS') return this.reply(response(rq, 200, 'OK', { allow: ALLOW }));
      if (method !== 'INVITE') return this.reply(response(rq, 405, 'Method Not Allowed', { allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS' }));
      const key = inviteKey(rq);
      const call = this.router.offer(rq, flow, queue, () => this.pendingInvites.delete(key));
      this.pendingInvites.set(key, { cancel: () => call.cancel() });
      return;
    }
    const target = await this.o.users.byLogin(user);
    if (target) return this.toAgent(rq, flow, target);
    return this.reply(response(rq, 404, 'Not Found'));
  }

  private onCancel(rq: Message): void {
    const pending = this.pendingInvites.get(inviteKey(rq));
    if (!pending) return this.reply(response(rq, 481, 'Call/Transaction Does Not Exist'));
    this.reply(sip.makeResponse(rq, 200, 'OK'));
    this.pendingInvites.delete(inviteKey(rq));
    pending.cancel();
  }

  // ------------------------------------------------------------ agent targets

  /** Requests to `sip:<login>@domain`: only from an authenticated agent (proxy digest). */
  private async toAgent(rq: Message, flow: Flow, target: User): Promise<void> {
    const caller = await this.authenticatedAgent(rq, flow);
    if (!caller) return;
    if (caller.accountId !== target.accountId) return this.reply(response(rq, 404, 'Not Found'));
    return this.connectAgent(rq, flow, target, { callerId: caller.id });
  }

  /** The agent behind a request (proxy digest); undefined once a challenge or refusal has been sent. */
  private async authenticatedAgent(rq: Message, flow: Flow): Promise<User | undefined> {
    const creds = this.digest.credentials(rq, 'proxy-authorization');
    if (!creds) { this.reply(response(rq, 407, 'Proxy Authentication Required', { 'proxy-authenticate': [this.digest.challenge()] })); return undefined; }
    if (this.o.limiter.isLocked(creds.username) || this.sourceLockout?.isLocked(flow.address)) { this.reply(response(rq, 403, 'Forbidden')); return undefined; }
    const caller = await this.o.users.byLogin(creds.username);
    const result = this.digest.verify(rq.method!, creds, (name) => (caller && caller.login === name && caller.ha1Realm === this.o.sipDomain ? caller.ha1 : undefined));
    if (result.kind === 'stale') { this.reply(response(rq, 407, 'Proxy Authentication Required', { 'proxy-authenticate': [this.digest.challenge(true)] })); return undefined; }
    if (result.kind !== 'ok' || !caller) {
      this.o.limiter.recordFailure(creds.username);
      this.sourceLockout?.recordFailure(flow.address);
      this.reply(response(rq, 403, 'Forbidden'));
      return undefined;
    }
    return caller;
  }

  /**
   * Rings `target` directly: for an authenticated agent (agent-to-agent) or for a customer following an
   * authorised transfer (then the call counts like a queue call: wrap-up after it, conversation joined).
   */
  private connectAgent(rq: Message, flow: Flow, target: User, how: { callerId: string } | { grant: TransferGrant }): void {
    const binding = this.registrar.newest(target.id);
    if (!binding) return this.reply(response(rq, 480, 'Temporarily Unavailable'));
    const isInvite = rq.method === 'INVITE';
    const live = this.o.presence.get(target.id);
    if (isInvite && live) {
      if (live.calls.size > 0 || live.ringingFor || live.wrapUp) return this.reply(response(rq, 486, 'Busy Here'));
      if (live.selected === 'Offline') return this.reply(response(rq, 480, 'Temporarily Unavailable'));
    }

    const fwd = sip.copyMessage(rq, true);
    if (!decrementMaxForwards(fwd)) return this.reply(response(rq, 483, 'Too Many Hops'));
    delete fwd.headers['proxy-authorization'];
    fwd.uri = binding.contact.uri;
    const companionCallId = randomUUID();
    if ('grant' in how) {
      for (const h of Object.values(SIP_HEADER)) delete fwd.headers[h.toLowerCase()];
      fwd.headers[SIP_HEADER.callType.toLowerCase()] = 'transferred';
      fwd.headers[SIP_HEADER.channel.toLowerCase()] = how.grant.channel ?? callChannel(undefined, flow.protocol);
      fwd.headers[SIP_HEADER.companionCallId.toLowerCase()] = companionCallId;
      const number = userOf(rq.headers.from.uri);
      if (number && /^\+?[0-9]{3,20}$/.test(number)) fwd.headers[SIP_HEADER.customerNumber.toLowerCase()] = number;
      if (how.grant.conversationId) fwd.headers[SIP_HEADER.conversationId.toLowerCase()] = how.grant.conversationId;
    }
    const route = [this.stack.flowRoute(binding.flow)];
    fwd.headers.route = route.map((r) => ({ ...r }));
    if (isInvite || rq.method === 'SUBSCRIBE' || rq.method === 'REFER') {
      fwd.headers['record-route'] = [this.stack.flowRoute(flow), this.stack.flowRoute(binding.flow), ...(fwd.headers['record-route'] ?? [])];
    }
    if (!isInvite) return this.forward(fwd);

    const sipCallId = rq.headers['call-id'];
    this.o.presence.setRinging(target.id, sipCallId);
    const callerFlow = flowKey(flow);
    this.proxyInvite(rq, fwd, route, (status, rs) => {
      this.o.presence.clearRinging(target.id, sipCallId);
      if (status < 300) {
        this.guard.answered(rq, rs, flow, binding.flow);
        if ('grant' in how) {
          this.calls.established({
            sipCallId, companionCallId, accountId: target.accountId, agentIds: [target.id], agentFlows: [binding.flowKey],
            fromQueue: true, channel: how.grant.channel ?? callChannel(undefined, flow.protocol), startedAt: Date.now(), conversation: this.transferAnswered(rq, flow, target.id, companionCallId),
          });
        } else {
          this.calls.established({
            sipCallId, companionCallId, accountId: target.accountId,
            agentIds: [how.callerId, target.id], agentFlows: [callerFlow, binding.flowKey], fromQueue: false,
          });
        }
      }
    });
  }

  // ---------------------------------------------------------------- transfers

  /**
   * An agent in a call through this edge REFERs the other party (blind transfer, §7). Authorised targets:
   * an agent sharing a queue with the transferring agent who can take the call now, or a queue with
   * auto-assignment. The Refer-To is rewritten to carry a one-time grant; anything else is refused here and
   * the call stays with the agent.
   */
  private async onRefer(rq: Message, flow: Flow, next: NameAddr, routes: NameAddr[]): Promise<void> {
    const call = this.calls.get(rq.headers['call-id']);
    const idx = call ? call.agentFlows.indexOf(flowKey(flow)) : -1;
    if (!call || idx < 0) return this.reply(response(rq, 403, 'Forbidden'));
    const agentId = call.agentIds[idx]!;
    const referTo = rq.headers['refer-to'] as { uri?: string } | undefined;
    const host = hostOf(referTo?.uri);
    const user = userOf(referTo?.uri);
    if (!referTo?.uri || !host || !user || !this.localHosts.has(host)) return this.reply(response(rq, 403, 'Transfer target not allowed'));
    const target = await this.transferTarget(call.accountId, agentId, user, call.channel);
    if ('refuse' in target) return this.reply(response(rq, target.refuse, target.reason));
    const conversationId = (await call.conversation?.catch(() => null)) ?? null;
    // §7.3: the agent's From choice for a WebRTC customer; only an account number is accepted.
    const chosenFrom = headerText(rq, OUTBOUND_HEADER.transferFrom);
    if (chosenFrom !== undefined && (target.kind !== 'external' || !(await this.o.outbound?.isAccountNumber(call.accountId, chosenFrom)))) {
      return this.reply(response(rq, 403, 'From number not allowed'));
    }
    const token = this.transfers.issue({
      accountId: call.accountId, fromAgentId: agentId, target, conversationId, channel: call.channel, ...(chosenFrom ? { callerId: chosenFrom } : {}),
    });
    const fwd = sip.copyMessage(rq, true);
    if (!decrementMaxForwards(fwd)) return this.reply(response(rq, 483, 'Too Many Hops'));
    delete fwd.headers[OUTBOUND_HEADER.transferFrom.toLowerCase()];
    fwd.headers['refer-to'] = { uri: `sip:${encodeURIComponent(user)}@${this.o.sipDomain};${TRANSFER_PARAM}=${token}` };
    fwd.headers.route = [{ ...next }, ...routes];
    this.send(fwd, (rs) => {
      const status = rs.status ?? 0;
      if (status >= 200 && status < 300 && conversationId && this.o.conversations) {
        this.o.conversations.transferred(call.accountId, conversationId, agentId, target.displayName, { kind: target.kind, target: target.kind === 'agent' ? target.login : target.kind === 'queue' ? target.name : target.number })
          .catch((e: unknown) => this.o.log('warn', 'could not record the transfer', e));
      }
      this.relay(rs);
    });
  }

  private async transferTarget(accountId: string, fromAgentId: string, user: string, channel?: Channel): Promise<TransferTarget | { refuse: number; reason: string }> {
    if (user.startsWith('+')) {
      // §7.3: external transfers are not offered for WhatsApp calls.
      if (channel === 'whatsapp') return { refuse: 403, reason: 'No external transfer for WhatsApp calls' };
      if (!this.o.externalAllowed || !this.o.trunk || this.o.udpTcpPort === undefined || !(await this.o.trunk(accountId))) {
        return { refuse: 503, reason: 'No trunk for external numbers' };
      }
      const name = await this.o.externalAllowed(accountId, user);
      if (name === undefined) return { refuse: 403, reason: 'Number or name not found in phonebook' };
      return { kind: 'external', number: user, displayName: name === user ? user : `${name} (${user})` };
    }
    const queue = await this.o.queues.byName(user);
    if (queue) {
      if (queue.accountId !== accountId) return { refuse: 404, reason: 'Not Found' };
      if (this.o.autoAssignment && !(await this.o.autoAssignment(queue))) return { refuse: 403, reason: 'Queue has no auto-assignment' };
      return { kind: 'queue', queueId: queue.id, name: queue.name, displayName: queue.displayName };
    }
    const agent = await this.o.users.byLogin(user);
    if (!agent || agent.accountId !== accountId) return { refuse: 404, reason: 'Not Found' };
    if (agent.id === fromAgentId) return { refuse: 403, reason: 'Cannot transfer to yourself' };
    const shared = (await this.o.queues.byAccount(accountId)).some((q) => q.memberIds.includes(agent.id) && q.memberIds.includes(fromAgentId));
    if (!shared) return { refuse: 403, reason: 'Not an agent of the same queue' };
    const live = this.o.presence.get(agent.id);
    if (!this.registrar.newest(agent.id) || !live || live.selected !== 'Available') return { refuse: 480, reason: 'Temporarily Unavailable' };
    if (live.calls.size > 0 || live.ringingFor || live.wrapUp) return { refuse: 486, reason: 'Busy Here' };
    return { kind: 'agent', userId: agent.id, login: agent.login, displayName: agent.displayName };
  }

  /** The customer's INVITE following an authorised REFER. */
  private async transferredInvite(rq: Message, flow: Flow, token: string): Promise<void> {
    const grant = this.transfers.redeem(token);
    if (!grant) return this.reply(response(rq, 403, 'Forbidden'));
    if (grant.target.kind === 'external') return this.toTrunk(rq, flow, grant, grant.target.number);
    if (grant.target.kind === 'queue') {
      const queue = await this.o.queues.byName(grant.target.name);
      if (!queue) return this.reply(response(rq, 404, 'Not Found'));
      const key = inviteKey(rq);
      const call = this.router.offer(rq, flow, queue, () => this.pendingInvites.delete(key), { callType: 'transferred', channel: grant.channel });
      this.pendingInvites.set(key, { cancel: () => call.cancel() });
      return;
    }
    const target = await this.o.users.byId(grant.target.userId);
    if (!target) return this.reply(response(rq, 404, 'Not Found'));
    return this.connectAgent(rq, flow, target, { grant });
  }

  /** The customer's INVITE to an external number (authorised transfer) goes out through the trunk. */
  private async toTrunk(rq: Message, flow: Flow, grant: TransferGrant, number: string): Promise<void> {
    const trunk = await this.o.trunk?.(grant.accountId);
    if (!trunk || this.o.udpTcpPort === undefined) return this.reply(response(rq, 503, 'Service Unavailable'));
    const change = callerIdFor({
      fromUser: userOf(rq.headers.from.uri), transfer: true, chosen: grant.callerId,
      automatic: grant.callerId ? undefined : await this.o.callerIdNumber?.(grant.accountId),
    });
    this.trunkLeg(rq, flow, trunk, number, change);
  }

  /**
   * An agent's outbound call to a customer number (§8.3): authenticated, options validated, conversation
   * created or joined (or the call refused) BEFORE anything reaches the carrier. The agent's responses carry
   * X-Companion-Call-Id and X-Conversation-Id so the desktop's wrap-up notes land in that conversation.
   */
  private async outboundInvite(rq: Message, flow: Flow, number: string, outbound: OutboundCalls): Promise<void> {
    const agent = await this.authenticatedAgent(rq, flow);
    if (!agent) return;
    if (!/^\+[1-9][0-9]{6,14}$/.test(number)) return this.reply(response(rq, 484, 'Address Incomplete'));
    const options = readOutboundHeaders((name) => headerText(rq, name));
    if (!options.ok) return this.reply(response(rq, 400, options.reason));
    const trunk = await this.o.trunk?.(agent.accountId);
    if (!trunk || this.o.udpTcpPort === undefined) return this.reply(response(rq, 503, 'No trunk for external numbers'));
    const live = this.o.presence.get(agent.id);
    if (live && (live.calls.size > 0 || live.ringingFor)) return this.reply(response(rq, 486, 'Busy Here'));
    const plan = await outbound.prepare(agent, number, options.options);
    if (!('conversationId' in plan)) return this.reply(response(rq, plan.status, plan.reason));
    const companionCallId = randomUUID();
    const sipCallId = rq.headers['call-id'];
    const callerFlow = flowKey(flow);
    const ids = { [SIP_HEADER.companionCallId.toLowerCase()]: companionCallId, [SIP_HEADER.conversationId.toLowerCase()]: plan.conversationId };
    // While dialling the agent is not free: no queue call or transfer is offered to them (cleared on the final answer).
    this.o.presence.setRinging(agent.id, companionCallId);
    this.trunkLeg(rq, flow, trunk, number, callerIdFor({ fromUser: undefined, transfer: false, chosen: plan.callerId, automatic: undefined }), {
      decorate: (rs) => Object.assign(rs.headers, ids),
      final: (status) => this.outboundFinal(outbound, plan, status, { sipCallId, companionCallId, callerFlow }),
    });
  }

  private outboundFinal(outbound: OutboundCalls, plan: OutboundPlan, status: number, ids: { sipCallId: string; companionCallId: string; callerFlow: string }): void {
    const warn = (e: unknown) => this.o.log('warn', 'could not record the outbound call', e);
    if (status >= 300) {
      this.o.presence.clearRinging(plan.agentId, ids.companionCallId);
      outbound.notAnswered(plan, ids.companionCallId, status).catch(warn);
      return;
    }
    // Counts like a queue call: "Call ended" on the timeline and the agent's wrap-up when it ends.
    const conversation = outbound.answered(plan, ids.companionCallId).then(() => plan.conversationId, (e: unknown) => {
      warn(e);
      return plan.conversationId;
    });
    this.calls.established({
      sipCallId: ids.sipCallId, companionCallId: ids.companionCallId, accountId: plan.accountId, agentIds: [plan.agentId],
      agentFlows: [ids.callerFlow], fromQueue: true, channel: 'phone', startedAt: Date.now(), conversation,
    });
  }

  /**
   * Sends an INVITE out through the account's trunk over UDP, record-routed with flow tokens on both sides so
   * the dialog's ACK/BYE keep passing the edge. Our X- headers never leave; the caller ID is set per
   * caller-id.ts, and responses going back upstream get the original From again (the caller's own dialog).
   */
  private trunkLeg(rq: Message, flow: Flow, trunk: { host: string; port: number }, number: string, change: ReturnType<typeof callerIdFor>,
    hooks: { decorate?: (rs: Message) => void; final?: (status: number) => void } = {}): void {
    const trunkFlow: Flow = { protocol: 'UDP', address: trunk.host, port: trunk.port, local: { address: this.o.host, port: this.o.udpTcpPort! } };
    const fwd = sip.copyMessage(rq, true);
    if (!decrementMaxForwards(fwd)) return this.reply(response(rq, 483, 'Too Many Hops'));
    for (const h of [...Object.values(SIP_HEADER), ...Object.values(OUTBOUND_HEADER)]) delete fwd.headers[h.toLowerCase()];
    delete fwd.headers['proxy-authorization'];
    delete fwd.headers['p-asserted-identity'];
    fwd.uri = `sip:${number}@${trunk.host}:${trunk.port}`;
    applyCallerId(fwd.headers, change, this.o.sipDomain);
    const route = [this.stack.flowRoute(trunkFlow)];
    fwd.headers.route = route.map((r) => ({ ...r }));
    fwd.headers['record-route'] = [this.stack.flowRoute(flow), this.stack.flowRoute(trunkFlow), ...(fwd.headers['record-route'] ?? [])];
    this.proxyInvite(rq, fwd, route, hooks.final, (rs) => {
      // The caller's own dialog keeps its From; our ids for the agent are added here.
      const up = sip.copyMessage(rs, true);
      up.headers.from = rq.headers.from;
      hooks.decorate?.(up);
      return up;
    });
  }

  /**
   * Forwards an INVITE statefully: 100 Trying upstream, provisional and final responses relayed, the caller's
   * CANCEL passed on once the branch's Via is known; `onFinal` sees the final status before it is relayed,
   * `upstream` may rewrite each response on its way back.
   */
  private proxyInvite(rq: Message, fwd: Message, route: NameAddr[], onFinal?: (status: number, rs: Message) => void, upstream?: (rs: Message) => Message): void {
    const key = inviteKey(rq);
    let via: Via | undefined;
    let cancelled = false;
    const sendCancel = () => { if (via) this.cancelBranch(fwd, via, route); };
    this.pendingInvites.set(key, { cancel: () => { cancelled = true; sendCancel(); } });
    this.reply(response(rq, 100, 'Trying'));
    this.send(fwd, (rs) => {
      const status = rs.status ?? 0;
      if (status === 100) return;
      if (status < 200) {
        if (!via) { via = rs.headers.via[0]; if (cancelled) sendCancel(); }
      } else {
        this.pendingInvites.delete(key);
        onFinal?.(status, rs);
      }
      this.relay(upstream ? upstream(rs) : rs);
    });
  }

  private async transferAnswered(rq: Message, _flow: Flow, agentId: string, callId: string): Promise<string | null> {
    const conv = this.o.conversations;
    if (!conv) return null;
    try {
      const from = sip.parseUri(rq.headers.from.uri);
      const number = userOf(rq.headers.from.uri);
      const ctx = await conv.prepare(this.o.presence.get(agentId)?.accountId ?? '', {
        number: number && /^\+?[0-9]{3,20}$/.test(number) ? number : undefined, sipUser: from?.user, sipHost: from?.host,
      });
      return await conv.answered(ctx, agentId, null, callId, 'Call started (transferred)');
    } catch (e) {
      this.o.log('warn', 'could not assign the transferred conversation', e);
      return null;
    }
  }

  // ---------------------------------------------------------------- in-dialog

  /** Requests inside a dialog follow the Route set we recorded: the first flow token of ours is the next hop. */
  private inDialog(rq: Message, flow: Flow): void {
    const routes: NameAddr[] = [...(rq.headers.route ?? [])];
    const ours: NameAddr[] = [];
    while (routes.length && this.stack.isOurs(routes[0]!.uri)) ours.push(routes.shift()!);
    const recorded = ours.find((r) => {
      const f = this.stack.flowOf(r.uri);
      return f !== undefined && flowKey(f) !== flowKey(flow);
    });
    const next = recorded && this.guard.hop(rq.headers['call-id'], recorded);
    if (!next) {
      // Not routed by us (or a forged/expired token): we do not relay on the Request-URI alone.
      if (rq.method !== 'ACK') this.reply(response(rq, ours.length ? 430 : 403, ours.length ? 'Flow Failed' : 'Forbidden'));
      return;
    }
    this.guard.request(rq, flow);
    if (rq.method === 'BYE') this.calls.ended(rq.headers['call-id']);
    if (rq.method === 'REFER') {
      this.onRefer(rq, flow, next, routes).catch((e) => {
        this.o.log('error', 'REFER handling failed', e);
        this.reply(response(rq, 500, 'Server Internal Error'));
      });
      return;
    }
    const fwd = sip.copyMessage(rq, true);
    if (!decrementMaxForwards(fwd)) {
      if (rq.method !== 'ACK') this.reply(response(rq, 483, 'Too Many Hops'));
      return;
    }
    fwd.headers.route = [{ ...next }, ...routes];
    if (rq.method === 'ACK') {
      try { this.stack.send(fwd); } catch (e) { this.o.log('debug', 'ACK could not be relayed', e); }
      return;
    }
    this.forward(fwd);
  }

  // ------------------------------------------------------------------ helpers

  private forward(fwd: Message): void {
    this.send(fwd, (rs) => this.relay(rs));
  }

  private send(fwd: Message, onResponse: (rs: Message) => void): void {
    try {
      this.stack.send(fwd, onResponse);
    } catch (e) {
      this.o.log('warn', `${fwd.method} could not be forwarded`, e);
    }
  }

  /** A downstream response goes upstream without our Via. */
  private relay(rs: Message): void {
    const copy = sip.copyMessage(rs, true);
    copy.headers.via.shift();
    if (copy.headers.via.length) this.reply(copy);
  }

  private reply(rs: Message): void {
    try {
      this.stack.send(rs);
    } catch (e) {
      this.o.log('warn', 'response could not be sent', e);
    }
  }

  private cancelBranch(fwd: Message, via: Via, route: NameAddr[]): void {
    this.send({
      method: 'CANCEL',
      uri: fwd.uri,
      headers: {
        via: [via], to: fwd.headers.to, from: fwd.headers.from, 'call-id': fwd.headers['call-id'],
        route: route.map((r) => ({ ...r })), cseq: { seq: fwd.headers.cseq.seq, method: 'CANCEL' }, 'max-forwards': '70',
        reason: CANCEL_REASON.callerCancelled,
      },
    }, () => undefined);
  }

  private onFlowClosed(key: string): void {
    this.registrar.dropFlow(key);
    this.router.flowClosed(key);
    // Established calls get a grace period (a reconnecting desktop keeps its call), then end: dialog-guard.ts.
    this.guard.flowClosed(key);
  }

  /** An agent's last registration went away (expired or removed): their calls get the same grace, then end. */
  private agentGone(userId: string): void {
    for (const c of this.calls.all()) c.agentIds.forEach((id, i) => { if (id === userId && c.agentFlows[i]) this.guard.flowClosed(c.agentFlows[i]); });
  }

  /** Queue calls start the agent's wrap-up BEFORE the agent leaves the call, so they are never briefly eligible. */
  private async callEnded(call: TrackedCall, agentId: string): Promise<void> {
    try {
      if (call.fromQueue) {
        const conversationId = (await call.conversation?.catch(() => null)) ?? null;
        if (conversationId && this.o.conversations) {
          await this.o.conversations.ended(call.accountId, conversationId, agentId, call.companionCallId, Date.now() - (call.startedAt ?? Date.now()))
            .catch((e: unknown) => this.o.log('warn', 'could not record the end of the call', e));
        }
        await this.o.wrapUp.start(agentId, call.companionCallId, conversationId, [call.sipCallId]);
      }
    } finally {
      this.o.presence.callEnded(agentId, call.companionCallId);
    }
  }
}

/** The first value of a header we do not parse (the `sip` package keeps those as text). */
function headerText(m: Message, name: string): string | undefined {
  const v = (m.headers as unknown as Record<string, unknown>)[name.toLowerCase()];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : undefined;
}

const inviteKey = (rq: Message): string => `${rq.headers['call-id']}|${rq.headers.via[0]?.params?.branch ?? ''}`;
