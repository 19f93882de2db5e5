// The SIP edge of the companion: one `sip` stack (SIP over WebSocket on the HTTP port, optional UDP/TCP),
// the registrar, the queue router and a small record-routing proxy for agent-to-agent calls and
// in-dialog requests. Everything here answers malformed or unexpected input with a SIP error, never a crash.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Flow, Message, NameAddr, Via } from 'sip';
import type { User, UsersRepo } from '../accounts/users-repo.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { Presence } from '../presence/presence.js';
import type { QueuesRepo } from '../queues/queues-repo.js';
import type { WrapUpService } from '../wrapup/wrapup-service.js';
import { CallTracker, type TrackedCall } from './call-tracker.js';
import { DigestAuth } from './digest.js';
import { decrementMaxForwards, hostOf, isWellFormedRequest, response, userOf } from './messages.js';
import { QueueRouter } from './queue-router.js';
import { Registrar } from './registrar.js';
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
  log: SipLog;
  trace?: boolean;
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
      onRegistrationChange: (userId, registered) => o.presence.setRegistered(userId, registered),
      log: (level, msg) => o.log(level, msg),
    });
    this.calls = new CallTracker({
      callStarted: (agentId, callId) => o.presence.callStarted(agentId, callId),
      callEnded: (call, agentId) => this.callEnded(call, agentId),
      onError: (e) => o.log('error', 'ending a call failed', e),
    });
    this.router = new QueueRouter({
      stack: this.stack,
      registrar: this.registrar,
      presence: o.presence,
      calls: this.calls,
      ringTimeoutMs: o.ringTimeoutMs,
      maxWaitMs: o.maxWaitMs,
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
          this.calls.established({
            sipCallId, companionCallId: randomUUID(), accountId: target.accountId,
            agentIds: [caller.id, target.id], agentFlows: [callerFlow, binding.flowKey], fromQueue: false,
          });
        }
      }
      this.relay(rs);
    });
  }

  // ---------------------------------------------------------------- in-dialog

  /** Requests inside a dialog follow the Route set we recorded: the first flow token of ours is the next hop. */
  private inDialog(rq: Message, flow: Flow): void {
    const routes: NameAddr[] = [...(rq.headers.route ?? [])];
    const ours: NameAddr[] = [];
    while (routes.length && this.stack.isOurs(routes[0]!.uri)) ours.push(routes.shift()!);
    const next = ours.find((r) => {
      const f = this.stack.flowOf(r.uri);
      return f !== undefined && flowKey(f) !== flowKey(flow);
    });
    if (!next) {
      // Not routed by us (or a forged/expired token): we do not relay on the Request-URI alone.
      if (rq.method !== 'ACK') this.reply(response(rq, ours.length ? 430 : 403, ours.length ? 'Flow Failed' : 'Forbidden'));
      return;
    }
    if (rq.method === 'BYE') this.calls.ended(rq.headers['call-id']);
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
    this.calls.flowClosed(key);
  }

  /** Queue calls start the agent's wrap-up BEFORE the agent leaves the call, so they are never briefly eligible. */
  private async callEnded(call: TrackedCall, agentId: string): Promise<void> {
    try {
      if (call.fromQueue) await this.o.wrapUp.start(agentId, call.companionCallId, null, [call.sipCallId]);
    } finally {
      this.o.presence.callEnded(agentId, call.companionCallId);
    }
  }
}

const inviteKey = (rq: Message): string => `${rq.headers['call-id']}|${rq.headers.via[0]?.params?.branch ?? ''}`;
