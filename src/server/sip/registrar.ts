// SIP registrar (RFC 3261 §10) for agents: digest auth against the agent's HA1, bindings kept in memory
// with their expiry and the flow (connection) they came in on. A WebSocket binding dies with its
// connection (RFC 7118 clients reconnect and re-register). Presence learns "registered" from here.
import type { Flow, Message, NameAddr } from 'sip';
import type { User } from '../accounts/users-repo.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { DigestAuth } from './digest.js';
import type { SourceLockout } from './source-lockout.js';
import { response, unquote, userOf } from './messages.js';
import { flowKey, sip } from './sip-stack.js';

export const MAX_EXPIRES_S = 3600;
export const DEFAULT_EXPIRES_S = 600;

export interface Binding {
  userId: string;
  login: string;
  contact: NameAddr;
  flow: Flow;
  flowKey: string;
  expiresAt: number;
  updatedAt: number;
}

export interface RegistrarDeps {
  digest: DigestAuth;
  limiter: LoginLimiter;
  /** Digest failures per remote address, across logins (optional). */
  sourceLockout?: SourceLockout;
  userByLogin: (login: string) => Promise<User | undefined>;
  realm: string;
  reply: (rs: Message) => void;
  onRegistrationChange: (userId: string, registered: boolean) => void;
  log: (level: 'debug' | 'info' | 'warn', msg: string) => void;
  now?: () => number;
}

export class Registrar {
  private readonly bindings = new Map<string, Map<string, Binding>>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly deps: RegistrarDeps) {
    this.now = deps.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), 5000);
    this.sweeper.unref();
  }

  async handle(rq: Message, flow: Flow): Promise<void> {
    const { digest, limiter, reply } = this.deps;
    const login = userOf(rq.headers.to.uri);
    if (!login) return reply(response(rq, 404, 'Not Found'));

    const creds = digest.credentials(rq, 'authorization');
    if (!creds) return reply(response(rq, 401, 'Unauthorized', { 'www-authenticate': [digest.challenge()] }));
    if (limiter.isLocked(creds.username) || this.deps.sourceLockout?.isLocked(flow.address)) return reply(response(rq, 403, 'Forbidden (too many failed attempts)'));

    const user = await this.deps.userByLogin(creds.username);
    const result = digest.verify(rq.method ?? 'REGISTER', creds, (name) => {
      if (!user || name !== user.login) return undefined;
      if (user.ha1Realm !== this.deps.realm) {
        this.deps.log('warn', `SIP password of ${user.login} was set for realm ${user.ha1Realm}; sign in once via the API to refresh it for ${this.deps.realm}.`);
        return undefined;
      }
      return user.ha1;
    });
    if (result.kind === 'stale') return reply(response(rq, 401, 'Unauthorized', { 'www-authenticate': [digest.challenge(true)] }));
    if (result.kind !== 'ok' || !user) {
      limiter.recordFailure(creds.username);
      this.deps.sourceLockout?.recordFailure(flow.address);
      this.deps.log('info', `REGISTER for ${login} refused: wrong credentials for "${creds.username}"`);
      return reply(response(rq, 403, 'Forbidden'));
    }
    // An agent may register only their own address of record.
    if (login !== user.login) return reply(response(rq, 403, 'Forbidden'));
    limiter.recordSuccess(user.login);

    const headerExpires = rq.headers.expires !== undefined ? Number(rq.headers.expires) : DEFAULT_EXPIRES_S;
    const contacts = rq.headers.contact;
    if (contacts === '*') {
      if (headerExpires !== 0) return reply(response(rq, 400, 'Bad Request'));
      this.bindings.delete(user.id);
    } else if (Array.isArray(contacts)) {
      let mine = this.bindings.get(user.id);
      if (!mine) this.bindings.set(user.id, (mine = new Map()));
      for (const c of contacts) {
        const uri = sip.parseUri(c.uri);
        if (!uri) return reply(response(rq, 400, 'Bad Contact'));
        const key = sip.stringifyUri(uri);
        const raw = c.params?.expires != null ? Number(unquote(c.params.expires)) : headerExpires;
        const expires = Number.isFinite(raw) ? Math.max(0, Math.min(Math.floor(raw), MAX_EXPIRES_S)) : DEFAULT_EXPIRES_S;
        if (expires === 0) mine.delete(key);
        else mine.set(key, { userId: user.id, login: user.login, contact: c, flow, flowKey: flowKey(flow), expiresAt: this.now() + expires * 1000, updatedAt: this.now() });
      }
    }
    const current = this.current(user.id);
    this.deps.onRegistrationChange(user.id, current.length > 0);
    const now = this.now();
    const contactHeader = current.map((b) => ({ uri: b.contact.uri, params: { ...b.contact.params, expires: String(Math.max(1, Math.round((b.expiresAt - now) / 1000))) } }));
    reply(response(rq, 200, 'OK', contactHeader.length ? { contact: contactHeader } : {}));
  }

  /** Live bindings of a user, most recently refreshed first. */
  current(userId: string): Binding[] {
    const mine = this.bindings.get(userId);
    if (!mine) return [];
    const now = this.now();
    for (const [k, b] of mine) if (b.expiresAt <= now) mine.delete(k);
    if (mine.size === 0) this.bindings.delete(userId);
    return [...mine.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  newest(userId: string): Binding | undefined {
    return this.current(userId)[0];
  }

  /** The connection behind some bindings closed: they can no longer be reached. */
  dropFlow(key: string): void {
    for (const [userId, mine] of this.bindings) {
      let changed = false;
      for (const [k, b] of mine) if (b.flowKey === key) { mine.delete(k); changed = true; }
      if (changed) this.deps.onRegistrationChange(userId, this.current(userId).length > 0);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    for (const userId of [...this.bindings.keys()]) {
      if (this.current(userId).length === 0) this.deps.onRegistrationChange(userId, false);
    }
  }
}
