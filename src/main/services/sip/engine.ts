// The softphone engine: sip.js 0.21 UserAgent + Registerer over WebSocket, in plain Node (no electron).
// It maps SIP sessions and the agent's commands onto the pure call-state reducer (through the StateStore)
// and leaves all media to the renderer through the remote session description handler.
import { randomUUID } from 'node:crypto';
import WebSocketImpl from 'ws';
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Cancel,
  type Core,
  type LogLevel,
  type Session,
} from 'sip.js';
import { BridgeError, type CallInfo, type EventPayload, type RegistrationState } from '../../../shared/contract.js';
import type { Clock, Logger, TimerHandle } from '../../ports.js';
import { isBusy, type CallEvent, type NewCall } from '../calls/call-state.js';
import type { StateStore } from '../state/state-store.js';
import { readCallHeaders } from './call-headers.js';
import { readOutboundLink } from './outbound-link.js';
import { OUTBOUND_HEADER, outboundHeaderLines, outboundRefusal, type OutboundOptions } from '../../../shared/outbound-call.js';
import { MediaError, type MediaBroker } from './media-broker.js';
import { KeepAlive, type KeepAliveTiming } from './keep-alive.js';
import { Reconnector } from './reconnector.js';
import { remoteSdhFactory, RemoteSessionDescriptionHandler } from './remote-sdh.js';
import { autoAnswerDelayMs } from './auto-answer.js';
import { outboundRoute, parseSipConfig } from './sip-config.js';
import { toSipUri } from './targets.js';

type IncomingResponse = Core.IncomingResponse;

export const REASON = {
  wrongCredentials: 'Wrong login or password.',
  unreachable: 'Cannot reach the SIP server.',
  noAnswerFromServer: 'The SIP server did not answer the registration.',
  registrationLost: 'The registration was lost.',
} as const;

export const END_REASON = {
  callerHungUp: 'Caller hung up',
  answeredElsewhere: 'Answered elsewhere',
  notAnswered: 'Not answered',
  rejected: 'Rejected',
  hungUp: 'Hung up',
  remoteHungUp: 'Remote party hung up',
  transferred: 'Transferred',
  cancelled: 'Cancelled',
  permissionDenied: 'Permission denied',
  mediaFailed: 'Media failed',
  failed: 'Call failed',
} as const;

export const PERMISSION_DENIED_MESSAGE = 'Permission to use camera and/or microphone was denied.';
export const TRANSFER_FAILED_MESSAGE = 'The call cannot be transferred.';

const DTMF_DURATION_MS = 100;
const DTMF_GAP_MS = 70;

/** Node 20 has no global WebSocket; sip.js's transport looks it up globally at connect time. */
export function ensureWebSocketGlobal(): void {
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= WebSocketImpl;
}

export class RegistrationError extends Error {
  constructor(readonly reason: string, readonly wrongCredentials = false) {
    super(reason);
    this.name = 'RegistrationError';
  }
}

export interface SipAccount {
  /** ws:// or wss:// URL of the SIP edge. */
  wsUrl: string;
  domain: string;
  /** The agent's address of record, e.g. sip:alice@softphone.test. */
  uri: string;
  /** Digest credentials. */
  login: string;
  password: string;
  displayName?: string;
  /** Tried in order after wsUrl when it cannot be reached (issue 3 server list). */
  fallbackWsUrls?: string[];
  /** Outbound proxy (SIP URI) pre-loaded as Route on every request. */
  outboundProxy?: string;
}

export interface EndedCallIds {
  companionCallId: string | null;
  sipCallId: string;
}

export interface SipEngineOptions {
  store: StateStore;
  broker: MediaBroker;
  clock: Clock;
  logger: Logger;
  notify: (notice: EventPayload<'notice'>) => void;
  /** An answered call ended: wrap-up starts here. The engine clears unanswered calls itself. */
  onAnsweredCallEnded?: (call: CallInfo, ids: EndedCallIds) => void;
  registerTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Grace for un-REGISTER on stop. */
  stopTimeoutMs?: number;
  registerExpiresSeconds?: number;
  /** Dead-connection detection (OPTIONS ping after silence); tests shorten it. */
  keepAlive?: KeepAliveTiming;
}

interface CallRecord {
  callId: string;
  session: Session;
  direction: 'inbound' | 'outbound';
  companionCallId: string | null;
  sipCallId: string;
  answered: boolean;
  endReason: string | null;
  finished: boolean;
}

export function reasonForRegisterStatus(code: number | undefined, phrase: string | undefined): RegistrationError {
  if (code === 401 || code === 403 || code === 407) return new RegistrationError(REASON.wrongCredentials, true);
  return new RegistrationError(`The SIP server refused the registration (${code ?? '?'} ${phrase ?? ''}).`.replace(' )', ')'));
}

export function endReasonForStatus(code: number | undefined): string {
  switch (code) {
    case 486: case 600: return 'Busy';
    case 408: case 480: return 'No answer';
    case 404: case 604: return 'Not found';
    case 487: return END_REASON.cancelled;
    case 403: case 603: return 'Declined';
    default: return code ? `${END_REASON.failed} (${code})` : END_REASON.failed;
  }
}

/**
 * Why a ringing call was CANCELled, from its Reason header (RFC 3326): cause 200 = another device/agent
 * took it; 408/480 or a "timeout" text = the edge stopped ringing us (ring timeout, moved to the next
 * agent); anything else, or no header, = the caller hung up.
 */
export function cancelReason(reasonHeader: string | undefined): string {
  if (reasonHeader && (/cause\s*=\s*200\b/i.test(reasonHeader) || /completed elsewhere|answered elsewhere/i.test(reasonHeader))) {
    return END_REASON.answeredElsewhere;
  }
  if (reasonHeader && (/cause\s*=\s*(408|480)\b/i.test(reasonHeader) || /time\s*-?out|no answer/i.test(reasonHeader))) {
    return END_REASON.notAnswered;
  }
  return END_REASON.callerHungUp;
}

/** Whether an SDP offer asks for video (an m=video line with a non-zero port). */
export const offersVideo = (sdp: string | undefined): boolean => !!sdp && /^m=video [1-9]/m.test(sdp);

export class SipEngine {
  private ua: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private account: SipAccount | null = null;
  private stopping = false;
  private current: CallRecord | null = null;
  private readonly callIds = new WeakMap<Session, string>();
  private reconnector: Reconnector;
  private autoAnswer = false;
  private servers: string[] = [];
  private serverIndex = 0;
  private keepAlive: KeepAlive | null = null;
  private readonly o: Required<Pick<SipEngineOptions, 'registerTimeoutMs' | 'requestTimeoutMs' | 'stopTimeoutMs' | 'registerExpiresSeconds'>> & SipEngineOptions;

  constructor(options: SipEngineOptions) {
    this.o = { registerTimeoutMs: 15_000, requestTimeoutMs: 32_000, stopTimeoutMs: 3_000, registerExpiresSeconds: 300, ...options };
    this.reconnector = this.newReconnector();
  }

  private newReconnector(): Reconnector {
    return new Reconnector({ clock: this.o.clock, logger: this.o.logger, attempt: () => this.reconnectOnce() });
  }

  get isStarted(): boolean {
    return this.ua !== null;
  }

  get domain(): string | null {
    return this.account?.domain ?? null;
  }

  // ------------------------------------------------------------------ registration

  /** Connects and registers; resolves once registered, rejects with a RegistrationError (state = failed). */
  async start(account: SipAccount): Promise<void> {
    if (this.ua) throw new Error('The SIP engine is already started.');
    const checked = parseSipConfig({
      servers: [account.wsUrl, ...(account.fallbackWsUrls ?? [])],
      uri: account.uri, domain: account.domain, login: account.login, password: account.password,
      displayName: account.displayName, outboundProxy: account.outboundProxy,
    });
    if (!checked.ok) {
      this.setRegistration('failed', checked.error);
      throw new RegistrationError(checked.error);
    }
    ensureWebSocketGlobal();
    const uri = UserAgent.makeURI(account.uri) ?? UserAgent.makeURI(`sip:${account.login}@${account.domain}`);
    if (!uri) throw new RegistrationError('The SIP address of this account is not valid.');
    this.account = account;
    this.stopping = false;
    this.servers = [account.wsUrl, ...(account.fallbackWsUrls ?? [])];
    this.serverIndex = 0;
    // A fresh reconnector per session: the previous one was stopped by stop().
    this.reconnector = this.newReconnector();
    const ua = new UserAgent({
      uri,
      displayName: account.displayName,
      authorizationUsername: account.login,
      authorizationPassword: account.password,
      transportOptions: { server: account.wsUrl, connectionTimeout: 5, traceSip: false },
      preloadedRouteSet: account.outboundProxy ? [outboundRoute(account.outboundProxy)] : [],
      // Our Reconnector owns retries (backoff on an injected clock, re-REGISTER after reconnect).
      reconnectionAttempts: 0,
      // Longer than the companion's maximum ring timeout (60 s): the server decides when ringing stops.
      noAnswerTimeout: 90,
      // We send 180 ourselves, and only for calls we take: a busy agent answers 486 without ringing first.
      sendInitialProvisionalResponse: false,
      userAgentString: 'AgentSoftphone/0.1 (sip.js 0.21)',
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level: LogLevel, category: string, _label: string | undefined, content: string) => {
        if (level === 'error') this.o.logger.warn(`sip.js ${category}: ${content}`);
      },
      sessionDescriptionHandlerFactory: remoteSdhFactory(this.o.broker, (s) => this.callIds.get(s), {
        onAsyncError: (callId, op, err) => this.o.logger.warn(`media ${op} for call ${callId} failed: ${describe(err)}`),
        onMediaError: (callId, op, err) => this.onMediaError(callId, op, err),
      }),
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onConnect: () => this.keepAlive?.start(),
        onDisconnect: (error) => this.onTransportDisconnect(error),
      },
    });
    this.ua = ua;
    this.watchLiveness(ua);
    this.setRegistration('connecting', null);
    for (let first = true; ; first = false) {
      try {
        // A failed first connect still leaves the UA started: later servers need reconnect().
        if (first) await ua.start();
        else await ua.reconnect();
        break;
      } catch (err) {
        this.o.logger.warn(`SIP transport failed to connect to ${this.servers[this.serverIndex]}: ${describe(err)}`);
        // Next server in the list; after the last one, give up (the caller shows the reason).
        if (this.serverIndex + 1 >= this.servers.length || this.stopping) {
          this.setRegistration('failed', REASON.unreachable);
          throw new RegistrationError(REASON.unreachable);
        }
        this.useServer(ua, this.serverIndex + 1);
      }
    }
    // Refresh at 90 % of the lifetime (sip.js default 99 %: 3 s of slack at 300 s, lost on a slow path).
    const registerer = new Registerer(ua, { expires: this.o.registerExpiresSeconds, refreshFrequency: 90 });
    this.registerer = registerer;
    registerer.stateChange.addListener((s) => this.onRegistererState(registerer, s));
    try {
      await this.register();
    } catch (err) {
      const e = err instanceof RegistrationError ? err : new RegistrationError(REASON.unreachable);
      this.setRegistration('failed', e.reason);
      throw e;
    }
  }

  /** Ends any call, un-REGISTERs (bounded by stopTimeoutMs) and closes the transport. */
  async stop(): Promise<void> {
    const ua = this.ua;
    if (!ua) return;
    this.stopping = true;
    this.reconnector.stop();
    this.keepAlive?.stop();
    this.keepAlive = null;
    const rec = this.current;
    if (rec && !rec.finished) {
      rec.endReason ??= END_REASON.hungUp;
      await this.bounded(this.terminateSession(rec.session), 'hang up');
      this.finishCall(rec, END_REASON.hungUp);
    }
    const registerer = this.registerer;
    if (registerer && registerer.state === RegistererState.Registered && ua.isConnected()) {
      await this.bounded(this.unregister(registerer), 'un-REGISTER');
    }
    await this.bounded(ua.stop(), 'stop the user agent');
    this.ua = null;
    this.registerer = null;
    this.account = null;
    this.current = null;
    this.setRegistration('unregistered', null);
  }

  private register(): Promise<void> {
    const registerer = this.registerer;
    if (!registerer) return Promise.reject(new RegistrationError(REASON.unreachable));
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err?: RegistrationError) => {
        if (done) return;
        done = true;
        this.o.clock.clearTimeout(timer);
        if (err) {
          reject(err);
        } else {
          this.setRegistration('registered', null);
          resolve();
        }
      };
      const timer = this.o.clock.setTimeout(() => finish(new RegistrationError(REASON.noAnswerFromServer)), this.o.registerTimeoutMs);
      registerer
        .register({
          requestDelegate: {
            onAccept: () => finish(),
            onReject: (response) =>
              // sip.js answers a REGISTER it could not send with a synthetic 503: that is "unreachable".
              finish(this.ua?.isConnected() === false ? new RegistrationError(REASON.unreachable) : reasonForRegisterStatus(response.message.statusCode, response.message.reasonPhrase)),
          },
        })
        .catch((err: unknown) => {
          this.o.logger.warn(`REGISTER could not be sent: ${describe(err)}`);
          finish(new RegistrationError(REASON.unreachable));
        });
    });
  }

  private unregister(registerer: Registerer): Promise<void> {
    return new Promise<void>((resolve) => {
      registerer
        .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
        .catch(() => resolve());
    });
  }

  private onRegistererState(registerer: Registerer, state: RegistererState): void {
    if (this.stopping || registerer !== this.registerer) return;
    if (state === RegistererState.Unregistered && this.o.store.get().registration.state === 'registered') {
      // A refresh failed or the registration expired: recover by ourselves (spec §9.6).
      this.setRegistration('failed', REASON.registrationLost);
      this.reconnector.trigger();
    }
  }

  /** Points the transport at server `index` of the list for the next connect. */
  private useServer(ua: UserAgent, index: number): void {
    this.serverIndex = index % this.servers.length;
    const server = this.servers[this.serverIndex];
    // sip.js reads configuration.server at every connect; it has no public setter.
    const transport = ua.transport as unknown as { configuration?: { server?: string } };
    if (server && transport.configuration) transport.configuration.server = server;
  }

  /**
   * Keep-alive (issue 3): every message from the server proves the path alive; after a silence we send
   * an OPTIONS to the domain, and when nothing answers the socket is dropped so the reconnector takes over.
   */
  private watchLiveness(ua: UserAgent): void {
    const keepAlive = new KeepAlive({
      clock: this.o.clock,
      timing: this.o.keepAlive,
      ping: () => this.sendKeepAlivePing(ua),
      onDead: () => {
        if (this.stopping || this.ua !== ua) return;
        this.o.logger.warn('the SIP server did not answer the keep-alive: dropping the dead connection');
        this.dropConnection(ua);
      },
    });
    this.keepAlive = keepAlive;
    const transport = ua.transport;
    const deliver = transport.onMessage;
    transport.onMessage = (message) => {
      keepAlive.heard();
      deliver?.(message);
    };
  }

  private sendKeepAlivePing(ua: UserAgent): void {
    const domain = this.account?.domain;
    const target = domain ? UserAgent.makeURI(`sip:${domain}`) : undefined;
    if (!target || !ua.isConnected()) return;
    try {
      const core = ua.userAgentCore;
      // Any answer counts (it arrives through transport.onMessage); both servers answer 200 to this.
      core.request(core.makeOutgoingRequestMessage('OPTIONS', target, ua.configuration.uri, target, {}));
    } catch (err) {
      this.o.logger.warn(`keep-alive OPTIONS could not be sent: ${describe(err)}`);
    }
  }

  /**
   * Drops a connection that looks open but carries nothing. A WebSocket close handshake cannot finish on
   * a dead path (ws waits 30 s), so the socket is destroyed at once: sip.js then reports an unexpected
   * close and onTransportDisconnect starts the usual backoff.
   */
  private dropConnection(ua: UserAgent): void {
    this.keepAlive?.stop();
    const ws = (ua.transport as unknown as { _ws?: { terminate?: () => void } })._ws;
    if (typeof ws?.terminate === 'function') {
      ws.terminate();
      return;
    }
    // A WebSocket without terminate() (a platform global): a clean disconnect reports no error, so
    // start the recovery ourselves once it is closed.
    void ua.transport.disconnect().catch(() => undefined).then(() => this.onTransportDisconnect(new Error('dead connection dropped')));
  }

  private onTransportDisconnect(error?: Error): void {
    this.keepAlive?.stop();
    if (this.stopping || !error) return;
    this.o.logger.warn(`SIP transport disconnected: ${error.message}`);
    this.setRegistration('failed', REASON.unreachable);
    this.markReconnecting(true);
    this.reconnector.trigger();
  }

  /** Auto-answer option (issue 3); applies to calls that arrive from now on. */
  setAutoAnswer(on: boolean): void {
    this.autoAnswer = on;
  }

  /** OS suspend or network gone (PowerPort/NetworkPort): do nothing until wake — retries would only fail. */
  suspend(): void {
    if (!this.ua || this.stopping) return;
    this.o.logger.info('suspended: SIP reconnect attempts paused');
    this.reconnector.pause();
  }

  /** Resume or network back: check the connection and re-REGISTER now (single-flight, no storm). */
  wake(why: string): void {
    if (!this.ua || this.stopping) return;
    this.o.logger.info(`${why}: reconnecting SIP now`);
    this.reconnector.now();
  }

  /** The renderer that serves media changed (page reload): the new page has no peer connection yet. */
  mediaHostChanged(): void {
    const rec = this.current;
    if (!rec || rec.finished) return;
    if (!rec.answered) {
      // Outbound while dialing (early media playing): no re-INVITE is possible before the answer, so
      // ringback stays silent until then; once established, media is rebuilt (see attach). An inbound
      // ringing call has no media yet: answering on the new page builds it.
      const sdh = rec.session.sessionDescriptionHandler;
      if (rec.direction === 'outbound' && sdh instanceof RemoteSessionDescriptionHandler) sdh.markHostLost();
      return;
    }
    if (!this.ua?.isConnected()) return;
    void this.restoreMedia(rec, 'media host changed');
  }

  private async reconnectOnce(): Promise<void> {
    const ua = this.ua;
    if (!ua || this.stopping) return;
    // A live connection (wake with nothing wrong) only refreshes the registration, without a flicker.
    if (!ua.isConnected()) this.setRegistration('connecting', null);
    try {
      if (!ua.isConnected()) {
        try {
          await ua.reconnect();
        } catch (err) {
          // Next time, try the next server of the list (primary → fallbacks → primary ...).
          if (this.servers.length > 1) this.useServer(ua, this.serverIndex + 1);
          throw err;
        }
      }
      await this.register();
      const rec = this.current;
      if (rec && !rec.finished && rec.answered) void this.restoreMedia(rec, 'transport restored');
      else this.markReconnecting(false);
    } catch (err) {
      const reason = err instanceof RegistrationError ? err.reason : REASON.unreachable;
      if (!this.stopping) this.setRegistration('failed', reason);
      // Wrong credentials will not heal by retrying.
      if (err instanceof RegistrationError && err.wrongCredentials) return;
      // No answer on a socket that still looks open (after suspend, a dead NAT path): drop it so the
      // next attempt opens a fresh connection instead of waiting on the dead one forever.
      if (err instanceof RegistrationError && err.reason === REASON.noAnswerFromServer && ua.isConnected()) {
        this.dropConnection(ua);
      }
      throw err;
    }
  }

  /**
   * Re-INVITE with an ICE restart (spec §9.6): the renderer builds fresh candidates (or, after a reload, a
   * whole new peer connection) and the far end follows, so media recovers without a redial.
   */
  private async restoreMedia(rec: CallRecord, why: string): Promise<void> {
    const session = rec.session;
    if (session.state !== SessionState.Established) {
      this.markReconnecting(false);
      return;
    }
    const previous = session.sessionDescriptionHandlerOptionsReInvite;
    const held = this.o.store.get().call?.held === true;
    session.sessionDescriptionHandlerOptionsReInvite = { ...previous, hold: held, iceRestart: true } as typeof previous;
    try {
      for (let attempt = 0; ; attempt++) {
        const status = await this.reInvite(session);
        if (status === 200) break;
        if ((status !== 491 && status !== 500) || attempt >= 2 || rec.finished) throw new Error(`re-INVITE answered ${status}`);
        await new Promise<void>((resolve) => this.o.clock.setTimeout(resolve, 300 + Math.random() * 1700));
      }
      this.o.logger.info(`media restored with an ICE restart (${why})`);
    } catch (err) {
      this.o.logger.warn(`ICE-restart re-INVITE failed (${why}): ${describe(err)}`);
      this.o.notify({ level: 'warning', code: 'media_restore_failed', message: 'The call audio could not be restored.' });
    } finally {
      session.sessionDescriptionHandlerOptionsReInvite = previous;
      if (this.current === rec) this.markReconnecting(false);
    }
  }

  private markReconnecting(on: boolean): void {
    this.o.store.update((s) => {
      if (!s.call || s.call.phase === 'ended') return s;
      if ((s.call.reconnecting ?? false) === on) return s;
      return { ...s, call: { ...s.call, reconnecting: on } };
    });
  }

  private setRegistration(state: RegistrationState, reason: string | null): void {
    this.o.store.update((s) => ({ ...s, registration: { state, reason } }));
  }

  // ------------------------------------------------------------------ inbound

  private onInvite(invitation: Invitation): void {
    const slot = this.o.store.get();
    if (this.stopping || isBusy(slot) || this.current) {
      // One call at a time (spec §3.2): decline the newcomer, never touch the current call.
      invitation.reject({ statusCode: 486 }).catch((err: unknown) => this.o.logger.warn(`486 failed: ${describe(err)}`));
      return;
    }
    const request = invitation.request;
    const fields = readCallHeaders((name) => request.getHeader(name), invitation.remoteIdentity.uri.user);
    const callId = randomUUID();
    const rec: CallRecord = {
      callId,
      session: invitation,
      direction: 'inbound',
      companionCallId: fields.companionCallId,
      sipCallId: request.callId,
      answered: false,
      endReason: null,
      finished: false,
    };
    this.callIds.set(invitation, callId);
    this.current = rec;
    const call: NewCall = {
      callId,
      remoteUri: invitation.remoteIdentity.uri.toString(),
      customerName: fields.customerName,
      customerNumber: fields.customerNumber,
      queue: fields.queue,
      callType: fields.callType,
      channel: fields.channel,
      conversationId: fields.conversationId,
      startedAt: this.o.clock.now(),
      // Issue 8: a WebRTC customer offering video makes this a video call (answered with the camera).
      ...(offersVideo(invitation.body) ? { video: true } : {}),
    };
    this.dispatch({ type: 'incoming', call });
    this.attach(rec);
    invitation.delegate = {
      ...invitation.delegate,
      onCancel: (cancel: Cancel) => {
        rec.endReason ??= cancelReason(cancel.request.getHeader('Reason'));
      },
    };
    invitation.progress().catch((err: unknown) => this.o.logger.warn(`180 Ringing failed: ${describe(err)}`));
    const delay = autoAnswerDelayMs(this.autoAnswer, request.getHeader('Call-Info'));
    if (delay !== null) {
      this.o.clock.setTimeout(() => {
        // Still ringing (not answered, rejected or cancelled meanwhile)?
        const call = this.o.store.get().call;
        if (this.current !== rec || rec.finished || call?.callId !== callId || call.phase !== 'ringing') return;
        this.answer(callId).catch((err: unknown) => this.o.logger.warn(`auto-answer failed: ${describe(err)}`));
      }, delay);
    }
  }

  // ------------------------------------------------------------------ commands

  async answer(callId: string): Promise<void> {
    const rec = this.requireCall(callId, ['ringing'], 'There is no ringing call to answer.');
    const invitation = rec.session as Invitation;
    const video = offersVideo(invitation.body);
    try {
      await invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video } } });
      // Later re-INVITEs (hold, ICE restart after a reload) must keep offering the camera of a video call.
      if (video) invitation.sessionDescriptionHandlerOptionsReInvite = { ...invitation.sessionDescriptionHandlerOptionsReInvite, constraints: { audio: true, video: true } } as typeof invitation.sessionDescriptionHandlerOptionsReInvite;
    } catch (err) {
      if (err instanceof MediaError && err.code === 'permission_denied') {
        throw new BridgeError('permission_denied', PERMISSION_DENIED_MESSAGE);
      }
      throw new BridgeError('answer_failed', `The call could not be answered: ${describe(err)}`);
    }
  }

  async reject(callId: string): Promise<void> {
    const rec = this.requireCall(callId, ['ringing'], 'There is no ringing call to reject.');
    rec.endReason ??= END_REASON.rejected;
    await (rec.session as Invitation).reject({ statusCode: 486 }).catch((err: unknown) => {
      this.o.logger.warn(`reject failed: ${describe(err)}`);
    });
    // If the session was already gone, make sure the slot moves on.
    this.finishCall(rec, END_REASON.rejected);
  }

  async hangup(callId: string): Promise<void> {
    const call = this.o.store.get().call;
    // Hanging up a call that already ended (both sides pressed at once) is not an error.
    if (call && call.callId === callId && call.phase === 'ended') return;
    const rec = this.requireCall(callId, ['ringing', 'dialing', 'active'], 'There is no call to hang up.');
    const phase = call?.phase;
    rec.endReason ??= phase === 'ringing' ? END_REASON.rejected : phase === 'dialing' ? END_REASON.cancelled : END_REASON.hungUp;
    await this.terminateSession(rec.session).catch((err: unknown) => this.o.logger.warn(`hangup failed: ${describe(err)}`));
    // A BYE that cannot be sent (transport down) must still free the agent.
    if (rec.session.state === SessionState.Terminated || phase !== 'dialing') this.finishCall(rec, rec.endReason);
  }

  async hold(callId: string, on: boolean): Promise<void> {
    const rec = this.requireCall(callId, ['active'], 'There is no active call to hold.');
    if (this.o.store.get().call?.held === on) return;
    const session = rec.session;
    const previous = session.sessionDescriptionHandlerOptionsReInvite;
    // The remote SDH passes `hold` to the renderer, which offers sendonly/inactive (resume: sendrecv).
    session.sessionDescriptionHandlerOptionsReInvite = { ...previous, hold: on } as typeof previous;
    const message = on ? 'The call could not be put on hold.' : 'The call could not be resumed.';
    try {
      for (let attempt = 0; ; attempt++) {
        const status = await this.reInvite(session);
        if (status === 200) break;
        // 491 Request Pending (glare) or 500 (the far end has not seen the ACK of the previous re-INVITE
        // yet; proxies may reorder): retry after a random pause (RFC 3261 §14.1/§14.2), a couple of times.
        if ((status !== 491 && status !== 500) || attempt >= 2 || rec.finished) throw new Error(`re-INVITE answered ${status}`);
        await new Promise<void>((resolve) => this.o.clock.setTimeout(resolve, 300 + Math.random() * 1700));
      }
    } catch (err) {
      session.sessionDescriptionHandlerOptionsReInvite = previous;
      this.o.logger.warn(`hold(${on}) failed: ${describe(err)}`);
      throw new BridgeError('hold_failed', message);
    }
    this.dispatch({ type: 'held', callId, on });
  }

  /** Sends a re-INVITE with the session's current re-INVITE options; resolves 200 or the final status. */
  private reInvite(session: Session): Promise<number> {
    return this.withTimeout<number>((resolve, reject) => {
      session
        .invite({
          requestDelegate: {
            onAccept: () => resolve(200),
            onReject: (r: IncomingResponse) => resolve(r.message.statusCode ?? 500),
          },
        })
        .catch(reject);
    });
  }

  async mute(callId: string, on: boolean): Promise<void> {
    this.requireCall(callId, ['active'], 'There is no active call to mute.');
    try {
      await this.o.broker.request({ callId, op: 'setMute', muted: on });
    } catch (err) {
      throw new BridgeError('mute_failed', `The microphone could not be ${on ? 'muted' : 'unmuted'}: ${describe(err)}`);
    }
    this.dispatch({ type: 'muted', callId, on });
  }

  /** RFC 4733 through the renderer; SIP INFO (application/dtmf-relay) when the renderer cannot (spec §9.1). */
  async sendDtmf(callId: string, tones: string): Promise<void> {
    const rec = this.requireCall(callId, ['active'], 'There is no active call to send tones to.');
    const sdh = rec.session.sessionDescriptionHandler;
    try {
      if (!(sdh instanceof RemoteSessionDescriptionHandler)) throw new Error('no media handler');
      await sdh.sendDtmfAsync(tones, { duration: DTMF_DURATION_MS, interToneGap: DTMF_GAP_MS });
      return;
    } catch (err) {
      this.o.logger.info(`RFC 4733 DTMF unavailable (${describe(err)}); falling back to SIP INFO`);
    }
    try {
      for (const tone of tones) {
        await this.withTimeout<void>((resolve, reject) => {
          rec.session
            .info({
              requestDelegate: { onAccept: () => resolve(), onReject: (r: IncomingResponse) => reject(new Error(`${r.message.statusCode}`)) },
              requestOptions: {
                body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=${DTMF_DURATION_MS}` },
              },
            })
            .catch(reject);
        });
      }
    } catch (err) {
      throw new BridgeError('dtmf_failed', `The tones could not be sent: ${describe(err)}`);
    }
  }

  /** Blind transfer by REFER (spec §7). On acceptance our leg ends (wrap-up follows); on failure it stays. */
  async transfer(callId: string, target: string, from?: string): Promise<void> {
    const rec = this.requireCall(callId, ['active'], 'There is no active call to transfer.');
    const uriText = toSipUri(target, this.account?.domain ?? '');
    const uri = uriText ? UserAgent.makeURI(uriText) : undefined;
    if (!uri) throw new BridgeError('invalid_target', 'The transfer target is not a valid number or SIP address.');
    try {
      await this.withTimeout<void>((resolve, reject) => {
        rec.session
          .refer(uri, {
            // §7.3: the agent's caller-ID choice for a WebRTC customer; the edge validates and applies it.
            ...(from ? { requestOptions: { extraHeaders: [`${OUTBOUND_HEADER.transferFrom}: ${from}`] } } : {}),
            requestDelegate: {
              onAccept: () => resolve(),
              onReject: (r: IncomingResponse) => reject(new Error(`${r.message.statusCode} ${r.message.reasonPhrase}`)),
            },
            onNotify: (notification) => {
              notification.accept().catch(() => undefined);
            },
          })
          .catch(reject);
      });
    } catch (err) {
      this.o.logger.warn(`transfer to ${uriText} failed: ${describe(err)}`);
      this.o.notify({ level: 'error', code: 'transfer_failed', message: TRANSFER_FAILED_MESSAGE });
      throw new BridgeError('transfer_failed', TRANSFER_FAILED_MESSAGE);
    }
    this.o.notify({ level: 'info', code: 'transfer_accepted', message: `The call was transferred to ${target}.` });
    rec.endReason = END_REASON.transferred;
    if (rec.session.state === SessionState.Established) {
      await this.terminateSession(rec.session).catch((err: unknown) => this.o.logger.warn(`BYE after transfer failed: ${describe(err)}`));
    }
  }

  /** `options` (§8.3) travel as validated X-Outbound-* headers: see src/shared/outbound-call.ts for why. */
  async dial(target: string, options: OutboundOptions = {}): Promise<{ callId: string }> {
    const ua = this.ua;
    if (!ua || !this.account) throw new BridgeError('not_signed_in', 'Sign in first.');
    if (isBusy(this.o.store.get()) || this.current) throw new BridgeError('busy', 'Finish the current call first.');
    const uriText = toSipUri(target, this.account.domain);
    const uri = uriText ? UserAgent.makeURI(uriText) : undefined;
    if (!uri) throw new BridgeError('invalid_target', 'The number or SIP address to call is not valid.');
    const callId = randomUUID();
    const inviter = new Inviter(ua, uri, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
      // Ringback, busy tones and carrier messages reach the agent before the answer (spec §8.3).
      earlyMedia: true,
      extraHeaders: outboundHeaderLines(options),
    });
    this.callIds.set(inviter, callId);
    const rec: CallRecord = {
      callId,
      session: inviter,
      direction: 'outbound',
      companionCallId: null,
      sipCallId: inviter.request.callId,
      answered: false,
      endReason: null,
      finished: false,
    };
    this.current = rec;
    this.dispatch({
      type: 'dial',
      call: {
        callId,
        remoteUri: uri.toString(),
        customerName: null,
        customerNumber: uri.user ?? null,
        queue: null,
        callType: 'normal',
        channel: 'phone',
        conversationId: options.conversationId ?? null,
        startedAt: this.o.clock.now(),
      },
    });
    this.attach(rec);
    try {
      await inviter.invite({
        requestDelegate: {
          onProgress: (r: IncomingResponse) => this.linkOutbound(rec, r),
          onAccept: (r: IncomingResponse) => this.linkOutbound(rec, r),
          onReject: (r: IncomingResponse) => {
            rec.endReason ??= endReasonForStatus(r.message.statusCode);
            // The companion refused the call by the §8.3 rules: say why (e.g. another agent took the customer).
            const refusal = outboundRefusal(r.message.statusCode, r.message.reasonPhrase);
            if (refusal) this.o.notify({ level: 'error', ...refusal });
          },
        },
      });
    } catch (err) {
      this.finishCall(rec, rec.endReason ?? END_REASON.failed);
      if (err instanceof MediaError && err.code === 'permission_denied') throw new BridgeError('permission_denied', PERMISSION_DENIED_MESSAGE);
      throw new BridgeError('dial_failed', `The call could not be started: ${describe(err)}`);
    }
    return { callId };
  }

  /** The edge names its call id and the call's conversation in its responses (outbound-link.ts). */
  private linkOutbound(rec: CallRecord, r: IncomingResponse): void {
    const link = readOutboundLink((name) => r.message.getHeader(name));
    rec.companionCallId ??= link.companionCallId;
    const call = this.o.store.get().call;
    if (link.conversationId && call?.callId === rec.callId && call.conversationId !== link.conversationId) {
      this.dispatch({ type: 'linked', callId: rec.callId, conversationId: link.conversationId });
    }
  }

  // ------------------------------------------------------------------ session plumbing

  private attach(rec: CallRecord): void {
    const session = rec.session;
    session.delegate = {
      ...session.delegate,
      onBye: () => {
        rec.endReason ??= rec.direction === 'inbound' ? END_REASON.callerHungUp : END_REASON.remoteHungUp;
      },
      // DTMF or other INFO from the far end: acknowledge, nothing to do.
      onInfo: (info) => {
        info.accept().catch(() => undefined);
      },
      // We transfer by REFER ourselves; we do not let the far end redirect the agent.
      onRefer: (referral) => {
        referral.reject().catch(() => undefined);
      },
      onNotify: (notification) => {
        notification.accept().catch(() => undefined);
      },
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        if (rec.finished || rec.answered) return;
        rec.answered = true;
        this.dispatch({ type: 'answered', callId: rec.callId, at: this.o.clock.now() });
        // The page was reloaded while this outbound call was dialing: the answer went nowhere.
        const sdh = session.sessionDescriptionHandler;
        if (sdh instanceof RemoteSessionDescriptionHandler && sdh.isHostLost) void this.restoreMedia(rec, 'media host changed while dialing');
      } else if (state === SessionState.Terminated) {
        // sip.js reports the final response to our requestDelegate right after this transition: wait a
        // microtask so a rejection's status code can name the reason ("Busy", "No answer").
        queueMicrotask(() => this.finishCall(rec, rec.endReason ?? (rec.answered ? END_REASON.remoteHungUp : END_REASON.failed)));
      }
    });
  }

  /** Moves the call to `ended`, then to wrap-up (answered) or idle (never answered). Idempotent. */
  private finishCall(rec: CallRecord, reason: string): void {
    if (rec.finished) return;
    rec.finished = true;
    this.markReconnecting(false);
    this.o.broker.cancel('The call ended.', rec.callId);
    this.dispatch({ type: 'ended', callId: rec.callId, at: this.o.clock.now(), reason: rec.endReason ?? reason });
    if (this.current === rec) this.current = null;
    const call = this.o.store.get().call;
    if (rec.answered && call && call.callId === rec.callId && this.o.onAnsweredCallEnded && !this.stopping) {
      this.o.onAnsweredCallEnded(call, { companionCallId: rec.companionCallId, sipCallId: rec.sipCallId });
    } else {
      this.dispatch({ type: 'cleared', callId: rec.callId });
    }
  }

  private onMediaError(callId: string, op: string, err: unknown): void {
    const rec = this.current;
    if (!rec || rec.callId !== callId) return;
    if (err instanceof MediaError && err.code === 'permission_denied') {
      rec.endReason ??= END_REASON.permissionDenied;
      this.o.notify({ level: 'error', code: 'permission_denied', message: PERMISSION_DENIED_MESSAGE });
    } else if (!(err instanceof MediaError && err.code === 'cancelled')) {
      rec.endReason ??= END_REASON.mediaFailed;
      this.o.logger.warn(`media ${op} failed for call ${callId}: ${describe(err)}`);
    }
  }

  private terminateSession(session: Session): Promise<unknown> {
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) return session.cancel();
        if (session instanceof Invitation) return session.reject({ statusCode: 486 });
        return Promise.resolve();
      case SessionState.Established:
        return session.bye();
      default:
        return Promise.resolve();
    }
  }

  /** The id the companion knows the current call by (its X-header id, else the SIP Call-ID); null if not current. */
  serverCallId(callId: string): string | null {
    const rec = this.current;
    if (!rec || rec.callId !== callId) return null;
    return rec.companionCallId ?? rec.sipCallId;
  }

  private requireCall(callId: string, phases: CallInfo['phase'][], message: string): CallRecord {
    const call = this.o.store.get().call;
    const rec = this.current;
    if (!rec || rec.callId !== callId || rec.finished || !call || call.callId !== callId || !phases.includes(call.phase)) {
      throw new BridgeError('no_such_call', message);
    }
    return rec;
  }

  private dispatch(event: CallEvent): void {
    const r = this.o.store.dispatchCall(event);
    if (!r.ok) this.o.logger.warn(`call state: ${r.reason}`);
  }

  /** A request/response exchange that must settle within requestTimeoutMs. */
  private withTimeout<T>(run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: TimerHandle | null = null;
      const settle = (fn: () => void) => {
        if (timer === null) return;
        this.o.clock.clearTimeout(timer);
        timer = null;
        fn();
      };
      timer = this.o.clock.setTimeout(() => settle(() => reject(new Error('no answer from the SIP server'))), this.o.requestTimeoutMs);
      try {
        run((v) => settle(() => resolve(v)), (e) => settle(() => reject(e)));
      } catch (err) {
        settle(() => reject(err));
      }
    });
  }

  private async bounded(p: Promise<unknown>, what: string): Promise<void> {
    let timer: TimerHandle | null = null;
    const timeout = new Promise<void>((resolve) => {
      timer = this.o.clock.setTimeout(() => {
        this.o.logger.warn(`gave up waiting to ${what}`);
        resolve();
      }, this.o.stopTimeoutMs);
    });
    await Promise.race([p.then(() => undefined, (err: unknown) => this.o.logger.warn(`${what} failed: ${describe(err)}`)), timeout]);
    if (timer !== null) this.o.clock.clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
