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
import { QueueRouter } from './queue-router.js';
import { Registrar } from './registrar.js';
import { TRANSFER_PARAM, TransferTokens, type TransferGrant, type TransferTarget } from './transfer-tokens.js';
import { SIP_HEADER } from '../../shared/sip-headers.js';
import { flowKey, sip, SipStack } from './sip-stack.js';

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
  private readonly guard: DialogGuard;

  constructor(private readonly o: SipEdgeOptions) {
    this.localHosts = new Set([o.sipDomain.toLowerCase(), o.host.toLowerCase(), 'localhost', '127.0.0.1']);
    this.digest = new DigestAuth(o.sipDomain, o.secret);
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
    if (!isWellFormedRequest(rq)) {
      // Without Via/Call-ID/CSeq there is no way to answer; anything else gets a 400.
      if (rq.method !== 'ACK' && Array.isArray(rq.headers?.via) && rq.headers.via.length && rq.headers['call-id'] && rq.headers.cseq && rq.headers.to && rq.headers.from) {
        this.reply(response(rq, 400, 'Bad Request'));
      }
      return;
    }
    this.dispatch(rq, flow).catch((e) => {
      this.o.log('error', `${rq.method} handling failed`, e);
      if (rq.method !== 'ACK') this.reply(response(rq, 500, 'Server Internal Error'));
    });
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
    const creds = this.digest.credentials(rq, 'proxy-authorization');
    if (!creds) return this.reply(response(rq, 407, 'Proxy Authentication Required', { 'proxy-authenticate': [this.digest.challenge()] }));
    if (this.o.limiter.isLocked(creds.username)) return this.reply(response(rq, 403, 'Forbidden'));
    const caller = await this.o.users.byLogin(creds.username);
    const result = this.digest.verify(rq.method!, creds, (name) => (caller && caller.login === name && caller.ha1Realm === this.o.sipDomain ? caller.ha1 : undefined));
    if (result.kind === 'stale') return this.reply(response(rq, 407, 'Proxy Authentication Required', { 'proxy-authenticate': [this.digest.challenge(true)] }));
    if (result.kind !== 'ok' || !caller) {
      this.o.limiter.recordFailure(creds.username);
      return this.reply(response(rq, 403, 'Forbidden'));
    }
    if (caller.accountId !== target.accountId) return this.reply(response(rq, 404, 'Not Found'));
    return this.connectAgent(rq, flow, target, { callerId: caller.id });
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
      fwd.headers[SIP_HEADER.channel.toLowerCase()] = /^wss?$/i.test(flow.protocol) ? 'webrtc' : 'phone';
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
    const key = inviteKey(rq);
    let via: Via | undefined;
    let cancelled = false;
    const sendCancel = () => { if (via) this.cancelBranch(fwd, via, route); };
    this.pendingInvites.set(key, { cancel: () => { cancelled = true; sendCancel(); } });
    this.o.presence.setRinging(target.id, sipCallId);
    this.reply(response(rq, 100, 'Trying'));
    const callerFlow = flowKey(flow);
    this.send(fwd, (rs) => {
      const status = rs.status ?? 0;
      if (status === 100) return;
      if (status < 200) {
        if (!via) { via = rs.headers.via[0]; if (cancelled) sendCancel(); }
      } else {
        this.pendingInvites.delete(key);
        this.o.presence.clearRinging(target.id, sipCallId);
        if (status < 300) {
          this.guard.answered(rq, rs, flow, binding.flow);
          if ('grant' in how) {
            this.calls.established({
              sipCallId, companionCallId, accountId: target.accountId, agentIds: [target.id], agentFlows: [binding.flowKey],
              fromQueue: true, startedAt: Date.now(), conversation: this.transferAnswered(rq, flow, target.id, companionCallId),
            });
          } else {
            this.calls.established({
              sipCallId, companionCallId, accountId: target.accountId,
              agentIds: [how.callerId, target.id], agentFlows: [callerFlow, binding.flowKey], fromQueue: false,
            });
          }
        }
      }
      this.relay(rs);
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
    const target = await this.transferTarget(call.accountId, agentId, user);
    if ('refuse' in target) return this.reply(response(rq, target.refuse, target.reason));
    const conversationId = (await call.conversation?.catch(() => null)) ?? null;
    const token = this.transfers.issue({ accountId: call.accountId, fromAgentId: agentId, target, conversationId });
    const fwd = sip.copyMessage(rq, true);
    if (!decrementMaxForwards(fwd)) return this.reply(response(rq, 483, 'Too Many Hops'));
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

  private async transferTarget(accountId: string, fromAgentId: string, user: string): Promise<TransferTarget | { refuse: number; reason: string }> {
    if (user.startsWith('+')) {
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
      const call = this.router.offer(rq, flow, queue, () => this.pendingInvites.delete(key), { callType: 'transferred' });
      this.pendingInvites.set(key, { cancel: () => call.cancel() });
      return;
    }
    const target = await this.o.users.byId(grant.target.userId);
    if (!target) return this.reply(response(rq, 404, 'Not Found'));
    return this.connectAgent(rq, flow, target, { grant });
  }

  /**
   * The customer's INVITE to an external number goes out through the account's trunk over UDP, record-routed
   * with flow tokens on both sides so the dialog's ACK/BYE keep passing the edge. Caller ID (§7.3): a phone
   * customer's own number stays in From; for WebRTC customers P-Asserted-Identity carries the account number.
   */
  private async toTrunk(rq: Message, flow: Flow, grant: TransferGrant, number: string): Promise<void> {
    const trunk = await this.o.trunk?.(grant.accountId);
    if (!trunk || this.o.udpTcpPort === undefined) return this.reply(response(rq, 503, 'Service Unavailable'));
    const trunkFlow: Flow = { protocol: 'UDP', address: trunk.host, port: trunk.port, local: { address: this.o.host, port: this.o.udpTcpPort } };
    const fwd = sip.copyMessage(rq, true);
    if (!decrementMaxForwards(fwd)) return this.reply(response(rq, 483, 'Too Many Hops'));
    for (const h of Object.values(SIP_HEADER)) delete fwd.headers[h.toLowerCase()];
    delete fwd.headers['proxy-authorization'];
    fwd.uri = `sip:${number}@${trunk.host}:${trunk.port}`;
    const route = [this.stack.flowRoute(trunkFlow)];
    fwd.headers.route = route.map((r) => ({ ...r }));
    fwd.headers['record-route'] = [this.stack.flowRoute(flow), this.stack.flowRoute(trunkFlow), ...(fwd.headers['record-route'] ?? [])];
    const fromUser = userOf(rq.headers.from.uri);
    if (!(fromUser && /^\+[0-9]{6,15}$/.test(fromUser))) {
      const callerId = await this.o.callerIdNumber?.(grant.accountId);
      if (callerId) fwd.headers['p-asserted-identity'] = `<sip:${callerId}@${this.o.sipDomain}>`;
    }
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
      }
      this.relay(rs);
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

const inviteKey = (rq: Message): string => `${rq.headers['call-id']}|${rq.headers.via[0]?.params?.branch ?? ''}`;
