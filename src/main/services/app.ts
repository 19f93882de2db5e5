// The softphone service: implements every bridge method on top of the companion client, the SIP engine,
// wrap-up and the state store. Transport-independent: the Electron IPC host and the web host both wrap
// `handlers` with createDispatcher and attach their event sinks to the same EventHub.
import type { BridgeHandlers, EventHub } from '../../shared/bridge.js';
import { BridgeError, type AppState, type EventPayload, type Session } from '../../shared/contract.js';
import type { Me, ServerEvent } from '../../shared/companion-api.js';
import { consoleLogger, systemClock, type Clock, type Logger, type NetworkPort, type PowerPort } from '../ports.js';
import { CompanionClient } from './companion/client.js';
import { CompanionEventStream } from './companion/event-stream.js';
import { createCompanionProxy } from './companion/companion-proxy.js';
import { RegistrationError, SipEngine, type SipAccount } from './sip/engine.js';
import { watchConnectivity } from './sip/connectivity.js';
import { EnginePrefsStore } from './sip/engine-prefs.js';
import type { SipOverrides } from './sip/sip-config.js';
import type { SettingsPort } from './desktop/settings-store.js';
import { MediaBroker } from './sip/media-broker.js';
import { RecordingService } from './recordings/recording-service.js';
import { CallQualityMonitor } from './quality/call-quality.js';
import { HoldReporter } from './calls/hold-reporter.js';
import { StateStore } from './state/state-store.js';
import { WrapUpController } from './wrapup/wrap-up.js';
import { desktopHandlers, type DesktopBridge } from './desktop/desktop-bridge.js';
import { createVideoService, type ScreenPicker } from './video/video-service.js';

export interface SoftphoneServiceOptions {
  hub: EventHub;
  /** Companion server used when signIn gives none. */
  defaultCompanionUrl?: string;
  clock?: Clock;
  logger?: Logger;
  /** Overrides for tests (timeouts). */
  mediaTimeoutMs?: number;
  /** Local recording cache directory; without it calls are not recorded (recordingBegin answers null). */
  recordingDir?: string;
  /** OS suspend/resume (Electron powerMonitor); optional: the web host has none. */
  power?: PowerPort;
  /** Network reachability; optional. */
  network?: NetworkPort;
  /** Desktop settings page and click-to-dial (issue 6); bound by the host once its integration exists. */
  desktop?: DesktopBridge;
  /** Where the engine options (auto-answer) persist; without it they last until the process ends. */
  enginePrefs?: SettingsPort;
  /** This installation's fallback SIP servers and outbound proxy (validated by the caller: parseSipOverrides). */
  sip?: SipOverrides;
}

export interface SoftphoneService {
  handlers: BridgeHandlers;
  getState(): AppState;
  /** Local observers in main (tray, notifications). */
  subscribe(listener: (state: AppState, previous: AppState) => void): () => void;
  /** Whether `senderId` is the renderer that serves media (null = none announced yet). */
  mediaHost(): string | null;
  /** A transport lost the renderer `senderId` (socket closed, window gone). */
  detachSender(senderId: string): void;
  /** Signs out (un-REGISTER, bounded) and stops every timer. */
  dispose(): Promise<void>;
  /** Screen/window picker for Electron's display-media request handler (issue 8). */
  screenPicker: ScreenPicker;
}

interface SignedIn {
  client: CompanionClient;
  me: Me;
  stream: CompanionEventStream;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const isLoopback = (url: URL) => LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost');

/** Credentials and SIP must be encrypted unless everything runs on this machine (architecture §7). */
function assertSecure(raw: string, secure: string, what: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BridgeError('invalid_url', `The ${what} address is not valid: ${raw.slice(0, 100)}`);
  }
  if (url.protocol !== secure && !isLoopback(url)) {
    throw new BridgeError('insecure_connection', `The ${what} must use ${secure}// (TLS) unless it runs on this machine.`);
  }
}

export function createSoftphoneService(options: SoftphoneServiceOptions): SoftphoneService {
  const { hub } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger('softphone');
  const store = new StateStore(hub);
  const notify = (n: EventPayload<'notice'>) => hub.emit('notice', n);
  const broker = new MediaBroker((req) => hub.emit('mediaRequest', req), clock, options.mediaTimeoutMs);
  const video = createVideoService({ store, broker, hub, clock, logger });
  let signedIn: SignedIn | null = null;
  /** The sign-in in flight, so sign-out and dispose wait for it instead of racing it. */
  let signingIn: Promise<AppState> | null = null;
  let mediaHostId: string | null = null;
  let disposed = false;
  /** The agent's auto-answer option outlives sign-out (the state reset would otherwise drop it) and restarts. */
  const enginePrefs = new EnginePrefsStore(options.enginePrefs, logger);
  let autoAnswer = enginePrefs.get().autoAnswer;

  const recordings = options.recordingDir ? new RecordingService({
    dir: options.recordingDir,
    companion: () => (signedIn ? { baseUrl: signedIn.client.baseUrl, token: signedIn.client.authToken, agentName: signedIn.me.displayName } : null),
    onProgress: (p) => hub.emit('recordingProgress', p),
    onNotice: notify,
    log: (m) => logger.info(`recording: ${m}`),
  }) : null;
  recordings?.start();
  if (recordings) store.subscribe((state, previous) => recordings.onState(state, previous));
  const requireRecordings = (): RecordingService => {
    if (!recordings) throw new BridgeError('recording_unavailable', 'Recording is not available in this app instance.');
    return recordings;
  };

  const quality = new CallQualityMonitor(store, clock);
  /** The companion's id of the last ended call, for the wrap-up rating (its conversation may be new). */
  let lastServerCallId: { callId: string; serverId: string } | null = null;
  const wrapUp = new WrapUpController({ store, api: () => signedIn?.client ?? null, clock, logger, notify });
  const engine = new SipEngine({
    store,
    broker,
    clock,
    logger,
    notify,
    onAnsweredCallEnded: (call, ids) => {
      lastServerCallId = { callId: call.callId, serverId: ids.companionCallId ?? ids.sipCallId };
      void wrapUp.begin(call, ids.companionCallId ?? ids.sipCallId);
    },
  });

  // §3.4: "On hold" status and the conversation's hold event follow the call state; failures only log.
  engine.setAutoAnswer(autoAnswer);
  if (autoAnswer) store.update((st) => ({ ...st, autoAnswer }));

  const holdReporter = new HoldReporter({ api: () => signedIn?.client ?? null, serverCallId: (id) => engine.serverCallId(id), clock, logger });
  store.subscribe((state, previous) => holdReporter.onState(state, previous));

  const unwatchConnectivity = watchConnectivity(engine, { power: options.power, network: options.network });

  const requireSignedIn = (): SignedIn => {
    if (!signedIn) throw new BridgeError('not_signed_in', 'Sign in first.');
    return signedIn;
  };

  const onServerEvent = (me: Me, event: ServerEvent) => {
    if (event.type === 'agent.status') {
      if (event.agentId === me.id || event.login === me.login) store.update((s) => ({ ...s, agentStatus: event.status }));
      else hub.emit('agentStatus', { agentId: event.agentId, login: event.login, status: event.status });
    } else if (event.type === 'wrapup.started' || event.type === 'wrapup.ended') {
      if (event.agentId === me.id) wrapUp.onServerEvent(event);
    }
  };

  async function teardown(): Promise<void> {
    const s = signedIn;
    signedIn = null;
    s?.stream.stop();
    wrapUp.dispose();
    await engine.stop().catch((err: unknown) => logger.warn(`SIP stop failed: ${String(err)}`));
    broker.cancel('Signed out.');
    store.reset();
    if (autoAnswer) store.update((st) => ({ ...st, autoAnswer }));
  }

  function signIn(args: { companionUrl?: string; login: string; password: string }): Promise<AppState> {
    if (disposed) return Promise.reject(new BridgeError('disposed', 'The softphone service is shutting down.'));
    if (signingIn) return Promise.reject(new BridgeError('busy', 'Sign-in is already in progress.'));
    const url = args.companionUrl ?? options.defaultCompanionUrl;
    if (!url) return Promise.reject(new BridgeError('no_companion', 'No companion server address is configured.'));
    const attempt = doSignIn(url, args).finally(() => {
      signingIn = null;
    });
    signingIn = attempt;
    return attempt;
  }

  /** Waits for a sign-in in flight (its outcome does not matter to the caller). */
  const settled = async () => {
    await signingIn?.catch(() => undefined);
  };

  async function doSignIn(url: string, args: { login: string; password: string }): Promise<AppState> {
    try {
      if (signedIn) await teardown();
      assertSecure(url, 'https:', 'companion server');
      const client = new CompanionClient(url);
      const { me } = await client.login(args.login, args.password);
      const health = await client.health();
      assertSecure(health.sipWebSocketUrl, 'wss:', 'SIP server');
      const fallbackWsUrls = options.sip?.fallbackWsUrls ?? [];
      for (const u of fallbackWsUrls) assertSecure(u, 'wss:', 'fallback SIP server');
      const session: Session = {
        login: me.login,
        displayName: me.displayName,
        role: me.role,
        companionUrl: client.baseUrl,
        sipUri: me.sipUri,
      };
      const stream = new CompanionEventStream({
        url: (cursor) => client.eventsUrl(cursor),
        onEvent: (e) => onServerEvent(me, e),
        clock,
        logger,
      });
      signedIn = { client, me, stream };
      store.update((s) => ({ ...s, session, agentStatus: me.status }));
      const account: SipAccount = {
        wsUrl: health.sipWebSocketUrl,
        domain: health.sipDomain,
        uri: me.sipUri,
        login: args.login,
        password: args.password,
        displayName: me.displayName,
        ...(fallbackWsUrls.length ? { fallbackWsUrls } : {}),
        ...(options.sip?.outboundProxy ? { outboundProxy: options.sip.outboundProxy } : {}),
      };
      try {
        await engine.start(account);
      } catch (err) {
        if (err instanceof RegistrationError) {
          throw new BridgeError(err.wrongCredentials ? 'wrong_credentials' : 'registration_failed', err.reason);
        }
        throw err;
      }
      stream.start();
      recordings?.onSignedIn();
      // Statuses changed between login and now arrive on the stream; give it a moment to open.
      await stream.whenOpen(3_000);
      return store.get();
    } catch (err) {
      await teardown();
      if (err instanceof BridgeError) throw err;
      throw new BridgeError('sign_in_failed', `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const handlers: BridgeHandlers = {
    getState: () => store.get(),
    signIn: (args) => signIn(args),
    signOut: async () => {
      await settled();
      await teardown();
    },
    setStatus: async ({ status }) => {
      const s = requireSignedIn();
      await s.client.setStatus(status);
      store.update((st) => ({ ...st, agentStatus: status }));
    },
    answer: ({ callId }) => engine.answer(callId),
    reject: ({ callId }) => engine.reject(callId),
    hangup: ({ callId }) => engine.hangup(callId),
    hold: ({ callId, on }) => engine.hold(callId, on),
    mute: ({ callId, on }) => engine.mute(callId, on),
    sendDtmf: ({ callId, tones }) => engine.sendDtmf(callId, tones),
    transfer: ({ callId, target, from }) => engine.transfer(callId, target, from),
    dial: ({ target, ...options }) => {
      requireSignedIn();
      return engine.dial(target, options);
    },
    extendWrapUp: async () => {
      requireSignedIn();
      await wrapUp.extend();
    },
    finishWrapUp: async (args) => {
      requireSignedIn();
      await wrapUp.finish(args);
    },
    mediaReady: (_args, ctx) => {
      // The latest renderer to announce itself serves media (a reloaded page replaces the old one).
      const changed = mediaHostId !== ctx.senderId;
      mediaHostId = ctx.senderId;
      // A new page has no peer connection for the call in progress: rebuild it by ICE-restart re-INVITE (§9.6).
      if (changed) engine.mediaHostChanged();
    },
    mediaReply: (reply) => {
      if (!broker.reply(reply)) logger.info(`ignored media reply for unknown request ${reply.requestId.slice(0, 60)}`);
    },
    setAutoAnswer: ({ on }) => {
      autoAnswer = enginePrefs.set({ autoAnswer: on }).autoAnswer;
      engine.setAutoAnswer(on);
      store.update((st) => ({ ...st, autoAnswer: on }));
    },
    reportQuality: (sample) => {
      quality.report(sample);
    },
    recordingBegin: (args) => recordings?.begin(args) ?? null,
    recordingChunk: (args) => requireRecordings().chunk(args),
    recordingEnd: (args) => requireRecordings().end(args),
    listLocalRecordings: () => ({ recordings: recordings?.list() ?? [] }),
    retryRecordingUploads: () => requireRecordings().retryNow(),
    listServerRecordings: async ({ conversationId }) => ({ recordings: await requireRecordings().listServer(conversationId) }),
    getRecordingContent: ({ id }) => requireRecordings().content(id),
    deleteServerRecording: ({ id }) => requireRecordings().deleteServer(id),
    ...desktopHandlers(options.desktop),
    ...createCompanionProxy({
      session: () => (signedIn ? { client: signedIn.client, agentId: signedIn.me.id } : null),
      serverCallId: (id) => (lastServerCallId?.callId === id ? lastServerCallId.serverId : null),
    }),
    ...video.handlers,
  };

  return {
    handlers,
    getState: () => store.get(),
    subscribe: (l) => store.subscribe(l),
    mediaHost: () => mediaHostId,
    screenPicker: video.picker,
    detachSender(senderId) {
      if (mediaHostId !== senderId) return;
      mediaHostId = null;
      // Requests in flight cannot be answered by a renderer that is gone.
      broker.cancel('The media engine went away.');
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      unwatchConnectivity();
      await settled();
      await teardown();
      await recordings?.dispose();
    },
  };
}
