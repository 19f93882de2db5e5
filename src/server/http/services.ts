// What the HTTP routes need, assembled once in app.ts.
import type { User, UsersRepo } from '../accounts/users-repo.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { ConversationsRepo } from '../conversations/conversations-repo.js';
import type { FormsRepo } from '../forms/forms-repo.js';
import type { PeopleRepo } from '../people/people-repo.js';
import type { EventLog } from '../events/event-log.js';
import { liveStatus, type Presence } from '../presence/presence.js';
import type { QueuesRepo } from '../queues/queues-repo.js';
import type { SettingsRepo } from '../settings/settings-repo.js';
import type { WrapUpService } from '../wrapup/wrapup-service.js';
import type { Me } from '../../shared/companion-api.js';

export interface Services {
  users: UsersRepo;
  queues: QueuesRepo;
  settings: SettingsRepo;
  conversations: ConversationsRepo;
  people: PeopleRepo;
  forms: FormsRepo;
  presence: Presence;
  wrapUp: WrapUpService;
  events: EventLog;
  tokens: TokenSigner;
  limiter: LoginLimiter;
  sipDomain: string;
  /**
   * SIP WebSocket URL for a client that reached us with this Host header (known once the server listens;
   * on a wildcard bind the client's own Host is used, since 0.0.0.0 means nothing to it).
   */
  sipWebSocketUrl: (hostHeader?: string) => string;
}

export const sipUriOf = (s: Pick<Services, 'sipDomain'>, login: string): string => `sip:${login}@${s.sipDomain}`;

export function meOf(s: Services, user: User): Me {
  const live = s.presence.get(user.id) ?? s.presence.add(user);
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    accountId: user.accountId,
    status: liveStatus(live),
    sipUri: sipUriOf(s, user.login),
  };
}
