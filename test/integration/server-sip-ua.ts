// Test phones for the companion's SIP edge: sip.js 0.21 UserAgents in Node over `ws`, with a FAKE
// session description handler (fixed SDP): real SIP signalling through the real server, no media.
import { WebSocket } from 'ws';
import {
  Inviter, Registerer, RegistererState, SessionState, UserAgent,
  type Invitation, type Session, type SessionDescriptionHandler,
} from 'sip.js';

// sip.js opens its transport with the global WebSocket (Node 20 has none).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export const FAKE_SDP = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx', 'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
  'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2', '',
].join('\r\n');

const fakeSdh = (): SessionDescriptionHandler => ({
  getDescription: async () => ({ body: FAKE_SDP, contentType: 'application/sdp' }),
  setDescription: async () => undefined,
  hasDescription: () => true,
  sendDtmf: () => true,
  close: () => undefined,
  rollbackDescription: async () => undefined,
});

export interface PhoneOptions {
  wsUrl: string;
  domain: string;
  user: string;
  /** Credentials for digest auth (agents); customers have none. */
  password?: string;
  displayName?: string;
}

export class TestPhone {
  readonly ua: UserAgent;
  registerer?: Registerer;
  private readonly incoming: Invitation[] = [];
  private readonly waiters: Array<(i: Invitation) => void> = [];

  constructor(readonly o: PhoneOptions) {
    this.ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${o.user}@${o.domain}`)!,
      transportOptions: { server: o.wsUrl },
      displayName: o.displayName,
      authorizationUsername: o.password ? o.user : undefined,
      authorizationPassword: o.password,
      logLevel: 'error',
      sessionDescriptionHandlerFactory: () => fakeSdh(),
      delegate: {
        onInvite: (inv) => {
          const w = this.waiters.shift();
          if (w) w(inv); else this.incoming.push(inv);
        },
      },
    });
  }

  async start(): Promise<this> {
    await this.ua.start();
    return this;
  }

  /** Registers; resolves on 200, rejects with the final status code otherwise. */
  async register(): Promise<void> {
    this.registerer ??= new Registerer(this.ua, { expires: 300 });
    const reg = this.registerer;
    await new Promise<void>((resolve, reject) => {
      const done = (s: RegistererState) => {
        if (s === RegistererState.Registered) { reg.stateChange.removeListener(done); resolve(); }
      };
      reg.stateChange.addListener(done);
      reg.register({ requestDelegate: { onReject: (r) => { reg.stateChange.removeListener(done); reject(new Error(`REGISTER rejected: ${r.message.statusCode}`)); } } }).catch(reject);
    });
  }

  async unregister(): Promise<void> {
    await this.registerer?.unregister();
  }

  /** The next incoming INVITE (already received or still to come). */
  nextInvitation(timeoutMs = 15_000): Promise<Invitation> {
    const ready = this.incoming.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        const i = this.waiters.indexOf(resolve);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`${this.o.user}: no incoming call within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push((inv) => { clearTimeout(t); resolve(inv); });
    });
  }

  /** Whether a call is waiting to be picked up by nextInvitation (no waiting). */
  hasPendingInvitation(): boolean {
    return this.incoming.length > 0;
  }

  /** Calls `target` (a user part or full URI), optionally with extra headers; `result` settles with the final outcome. */
  call(target: string, extraHeaders: string[] = []): { inviter: Inviter; result: Promise<{ status: number }> } {
    const uri = UserAgent.makeURI(target.startsWith('sip:') ? target : `sip:${target}@${this.o.domain}`)!;
    const inviter = new Inviter(this.ua, uri, { extraHeaders });
    const result = new Promise<{ status: number }>((resolve) => {
      inviter.invite({
        requestDelegate: {
          onAccept: (r) => resolve({ status: r.message.statusCode ?? 200 }),
          onReject: (r) => resolve({ status: r.message.statusCode ?? 0 }),
        },
      }).catch(() => resolve({ status: -1 }));
    });
    return { inviter, result };
  }

  async stop(): Promise<void> {
    await this.ua.stop().catch(() => undefined);
  }
}

export function waitForState(session: Session, state: SessionState, timeoutMs = 15_000): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`session did not reach ${state} (is ${session.state})`)), timeoutMs);
    const l = (s: SessionState) => {
      if (s === state) { clearTimeout(t); session.stateChange.removeListener(l); resolve(); }
    };
    session.stateChange.addListener(l);
  });
}

export { SessionState };
