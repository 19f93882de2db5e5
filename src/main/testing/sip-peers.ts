// Test peers for integration tests of the engine (never used by product code): a fake media host that
// answers the engine's mediaRequests with a fixed SDP, and a scripted SIP "customer" on sip.js with a
// session description handler that returns a fixed SDP (signalling only, no media in Node).
import {
  Inviter,
  Registerer,
  SessionState,
  UserAgent,
  type Invitation,
  type Session,
  type SessionDescriptionHandler,
} from 'sip.js';
import type { EventHub } from '../../shared/bridge.js';
import type { MediaRequest } from '../../shared/contract.js';
import { ensureWebSocketGlobal } from '../services/sip/engine.js';
import type { MediaReply } from '../services/sip/media-broker.js';

export function fixedSdp(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = 'sendrecv', id = 1): string {
  return [
    'v=0',
    `o=- ${id} 1 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'c=IN IP4 127.0.0.1',
    'm=audio 40000 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

export interface FakeMediaHost {
  requests: MediaRequest[];
  /** Error to answer for the next requests of an op (e.g. 'permission_denied'), until cleared. */
  failNext: Partial<Record<MediaRequest['op'], string>>;
  detach(): void;
}

/** Answers mediaRequests like the renderer would; `reply` is the bridge's mediaReply (or the broker's). */
export function attachFakeMediaHost(hub: EventHub, reply: (r: MediaReply) => unknown): FakeMediaHost {
  const host: FakeMediaHost = { requests: [], failNext: {}, detach: () => undefined };
  host.detach = hub.attach((event, payload) => {
    if (event !== 'mediaRequest') return;
    const req = payload as MediaRequest;
    host.requests.push(req);
    setImmediate(() => {
      const error = host.failNext[req.op];
      const answer: MediaReply = error
        ? { requestId: req.requestId, ok: false, error }
        : {
            requestId: req.requestId,
            ok: true,
            value: req.op === 'getDescription' ? { body: fixedSdp(req.options.hold ? 'sendonly' : 'sendrecv', 2), contentType: 'application/sdp' } : null,
          };
      void reply(answer);
    });
  });
  return host;
}

/** A session description handler that always offers/answers the same SDP and records what it got. */
export class FixedSdh implements SessionDescriptionHandler {
  remote: string[] = [];
  dtmf: string[] = [];
  constructor(private readonly direction: () => 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' = () => 'sendrecv') {}
  close(): void {}
  async getDescription() {
    return { body: fixedSdp(this.direction()), contentType: 'application/sdp' };
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  async setDescription(sdp: string): Promise<void> {
    this.remote.push(sdp);
  }
  sendDtmf(tones: string): boolean {
    this.dtmf.push(tones);
    return true;
  }
}

export interface Customer {
  ua: UserAgent;
  /** Answer REFERs with 603 instead of 202. */
  rejectRefers: boolean;
  /** REGISTER (for peers that must be reachable through a registrar). */
  register(): Promise<void>;
  sessions: Session[];
  infos: string[];
  refers: string[];
  /** Calls `target` (a SIP URI); resolves with the inviter once the INVITE is sent. */
  call(target: string, extraHeaders?: string[]): Promise<{ inviter: Inviter; finalStatus: Promise<number> }>;
  /** Incoming sessions (for peers that receive calls, e.g. `dial` tests). */
  incoming: Invitation[];
  stop(): Promise<void>;
}

export async function startCustomer(wsUrl: string, uri: string, opts: { login?: string; password?: string } = {}): Promise<Customer> {
  ensureWebSocketGlobal();
  const infos: string[] = [];
  const refers: string[] = [];
  const incoming: Invitation[] = [];
  const sessions: Session[] = [];
  const attach = (s: Session) => {
    sessions.push(s);
    s.delegate = {
      onInfo: (info) => {
        infos.push(info.request.body);
        void info.accept();
      },
      onRefer: (referral) => {
        refers.push(referral.referTo.uri.toString());
        void (customer.rejectRefers ? referral.reject({ statusCode: 603 }) : referral.accept());
      },
    };
  };
  const ua = new UserAgent({
    uri: UserAgent.makeURI(uri),
    transportOptions: { server: wsUrl, connectionTimeout: 5 },
    logBuiltinEnabled: false,
    logLevel: 'error',
    reconnectionAttempts: 0,
    ...(opts.login ? { authorizationUsername: opts.login, authorizationPassword: opts.password } : {}),
    sessionDescriptionHandlerFactory: () => new FixedSdh(),
    delegate: {
      onInvite: (inv) => {
        incoming.push(inv);
        attach(inv);
      },
    },
  });
  await ua.start();
  let registerer: Registerer | null = null;
  const customer: Customer = {
    ua,
    rejectRefers: false,
    async register() {
      registerer = new Registerer(ua, { expires: 300 });
      await new Promise<void>((resolve, reject) => {
        registerer!.register({ requestDelegate: { onAccept: () => resolve(), onReject: (r) => reject(new Error(`REGISTER ${r.message.statusCode}`)) } }).catch(reject);
      });
    },
    sessions,
    infos,
    refers,
    incoming,
    async call(target, extraHeaders = []) {
      const targetUri = UserAgent.makeURI(target);
      if (!targetUri) throw new Error(`bad target ${target}`);
      const inviter = new Inviter(ua, targetUri, { extraHeaders });
      attach(inviter);
      let resolveStatus!: (n: number) => void;
      const finalStatus = new Promise<number>((r) => (resolveStatus = r));
      await inviter.invite({
        requestDelegate: {
          onAccept: (r) => resolveStatus(r.message.statusCode ?? 0),
          onReject: (r) => resolveStatus(r.message.statusCode ?? 0),
        },
      });
      return { inviter, finalStatus };
    },
    async stop() {
      for (const s of sessions) {
        try {
          if (s.state === SessionState.Established) await s.bye();
          else if (s instanceof Inviter && (s.state === SessionState.Establishing || s.state === SessionState.Initial)) await s.cancel();
        } catch {
          // already gone
        }
      }
      // Let final responses (487, 200 to BYE) arrive and be ACKed before the socket closes.
      await until(() => sessions.every((x) => x.state === SessionState.Terminated), 'customer sessions to end', 5_000).catch(() => undefined);
      if (registerer) await registerer.unregister().catch(() => undefined);
      await ua.stop().catch(() => undefined);
    },
  };
  return customer;
}

/** Polls `fn` until truthy (no fixed sleeps in tests). */
export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
