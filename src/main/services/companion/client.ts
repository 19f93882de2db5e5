// Typed REST client for the companion server. Every response is validated with the shared zod schemas;
// every failure becomes a BridgeError whose message can be shown to the agent as is.
import { z } from 'zod';
import { ConversationFormSchema, FormListSchema, type ConversationForm, type FormAnswersInput } from '../../../shared/companion-forms.js';
import { BridgeError, type AgentStatus } from '../../../shared/contract.js';
import {
  ApiErrorSchema,
  HealthSchema,
  LoginResponseSchema,
  MeSchema,
  WrapUpSettingsSchema,
  type Health,
  type LoginResponse,
  type Me,
  type WrapUpSettings,
} from '../../../shared/companion-api.js';
import {
  WrapUpExtendResponseSchema,
  WrapUpStartResponseSchema,
  QueueListSchema,
  type WrapUpStartResponse,
} from '../../../shared/companion-admin.js';
import {
  AccountNumbersSchema,
  ConversationDetailSchema,
  ConversationListSchema,
  ConversationSchema,
  OutboundCheckResponseSchema,
  PeopleListSchema,
  TransferCheckResponseSchema,
  TransferTargetsSchema,
  type Conversation,
  type ConversationDetail,
  type ConversationStatus,
  type OutboundCheckResponse,
  type TransferTargets,
} from '../../../shared/companion-cc.js';

export const WRONG_CREDENTIALS = 'Wrong login or password.';
const REQUEST_TIMEOUT_MS = 10_000;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Normalises a companion base URL (http/https only, no trailing slash). */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BridgeError('invalid_companion_url', `The companion server address is not a valid URL: ${raw.slice(0, 100)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BridgeError('invalid_companion_url', 'The companion server address must start with http:// or https://.');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class CompanionClient {
  readonly baseUrl: string;
  private token: string | null = null;

  constructor(baseUrl: string, private readonly fetchImpl: FetchLike = (i, init) => fetch(i, init)) {
    this.baseUrl = normaliseBaseUrl(baseUrl);
  }

  get authToken(): string | null {
    return this.token;
  }

  setToken(token: string | null): void {
    this.token = token;
  }

  async login(login: string, password: string): Promise<LoginResponse> {
    try {
      const res = await this.request('POST', '/api/login', LoginResponseSchema, { login, password }, false);
      this.token = res.token;
      return res;
    } catch (err) {
      // The agent must see one plain sentence whatever the server's wording (spec e2e: wrong password).
      if (err instanceof BridgeError && (err.code === 'http_401' || err.code === 'http_403' || err.code === 'invalid_credentials' || err.code === 'unauthorized')) {
        throw new BridgeError('wrong_credentials', WRONG_CREDENTIALS);
      }
      throw err;
    }
  }

  health(): Promise<Health> {
    return this.request('GET', '/api/health', HealthSchema, undefined, false);
  }

  me(): Promise<Me> {
    return this.request('GET', '/api/me', MeSchema);
  }

  async setStatus(status: AgentStatus): Promise<void> {
    await this.request('PUT', '/api/me/status', z.unknown(), { status });
  }

  /** Reports a successful hold (on) or resume (off) so the live status becomes / stops being "On hold" (§3.4). */
  setHold(callId: string, on: boolean): Promise<Me> {
    return this.request('PUT', '/api/me/hold', MeSchema, { callId, on });
  }

  /** Adds a "Call on hold (m:ss)" event to the call's conversation (§3.4). */
  async addHoldEvent(conversationId: string, hold: { callId: string; startedAt: number; endedAt: number }): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/events`, z.unknown(), { type: 'call.hold', ...hold });
  }

  wrapUpSettings(): Promise<WrapUpSettings> {
    return this.request('GET', '/api/me/wrapup-settings', WrapUpSettingsSchema);
  }

  startWrapUp(callId: string, conversationId: string | null): Promise<WrapUpStartResponse> {
    return this.request('POST', '/api/me/wrapup/start', WrapUpStartResponseSchema, conversationId ? { callId, conversationId } : { callId });
  }

  extendWrapUp(): Promise<{ endsAt: number }> {
    return this.request('POST', '/api/me/wrapup/extend', WrapUpExtendResponseSchema, {});
  }

  async finishWrapUp(input: { notes?: string; status?: 'Open' | 'Waiting' | 'Solved' | 'Closed' }): Promise<void> {
    await this.request('POST', '/api/me/wrapup/finish', z.unknown(), input);
  }

  // ------------------------------------------------ contact center (conversations, People, §7, §8.3)

  conversations(query: { open?: boolean; limit?: number } = {}): Promise<z.infer<typeof ConversationListSchema>> {
    const q = new URLSearchParams();
    if (query.open) q.set('open', 'true');
    if (query.limit) q.set('limit', String(query.limit));
    return this.request('GET', `/api/conversations${q.toString() ? `?${q.toString()}` : ''}`, ConversationListSchema);
  }

  conversation(id: string): Promise<ConversationDetail> {
    return this.request('GET', `/api/conversations/${encodeURIComponent(id)}`, ConversationDetailSchema);
  }

  updateConversation(id: string, patch: { status?: ConversationStatus; notes?: string }): Promise<Conversation> {
    return this.request('PATCH', `/api/conversations/${encodeURIComponent(id)}`, ConversationSchema, patch);
  }

  async addNote(conversationId: string, text: string): Promise<void> {
    await this.request('POST', `/api/conversations/${encodeURIComponent(conversationId)}/events`, z.unknown(), { type: 'note', text });
  }

  searchPeople(query: { query: string; tag?: string; limit?: number }): Promise<z.infer<typeof PeopleListSchema>> {
    const q = new URLSearchParams();
    if (query.query) q.set('query', query.query);
    if (query.tag) q.set('tag', query.tag);
    if (query.limit) q.set('limit', String(query.limit));
    return this.request('GET', `/api/people${q.toString() ? `?${q.toString()}` : ''}`, PeopleListSchema);
  }

  accountNumbers(): Promise<z.infer<typeof AccountNumbersSchema>> {
    return this.request('GET', '/api/numbers', AccountNumbersSchema);
  }

  queues(): Promise<z.infer<typeof QueueListSchema>> {
    return this.request('GET', '/api/queues', QueueListSchema);
  }

  outboundCheck(to: string): Promise<OutboundCheckResponse> {
    return this.request('POST', '/api/outbound/check', OutboundCheckResponseSchema, { to });
  }

  transferTargets(): Promise<TransferTargets> {
    return this.request('GET', '/api/transfer/targets', TransferTargetsSchema);
  }

  transferCheck(target: string): Promise<z.infer<typeof TransferCheckResponseSchema>> {
    return this.request('GET', `/api/transfer/check?${new URLSearchParams({ target })}`, TransferCheckResponseSchema);
  }

  /** WebSocket URL of the event stream, resuming after `cursor` when given. */
  eventsUrl(cursor: number | null): string {
    if (!this.token) throw new BridgeError('not_signed_in', 'Sign in first.');
    const url = new URL(`${this.baseUrl}/api/events`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.token);
    if (cursor !== null) url.searchParams.set('cursor', String(cursor));
    return url.toString();
  }

  /** Conversation forms of the account (§8.3 "optional form"). */
  async forms(): Promise<z.infer<typeof FormListSchema>> {
    return this.request('GET', '/api/forms', FormListSchema);
  }

  async saveConversationForm(conversationId: string, input: FormAnswersInput): Promise<ConversationForm> {
    return this.request('PUT', `/api/conversations/${encodeURIComponent(conversationId)}/form`, ConversationFormSchema, input);
  }

  private async request<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown, auth = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) {
      if (!this.token) throw new BridgeError('not_signed_in', 'Sign in first.');
      headers.authorization = `Bearer ${this.token}`;
    }
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const timedOut = (err as { name?: string } | null)?.name === 'TimeoutError';
      throw new BridgeError(
        'companion_unreachable',
        timedOut ? `The companion server at ${this.baseUrl} did not answer in time.` : `Cannot reach the companion server at ${this.baseUrl}.`,
      );
    }
    const text = await res.text().catch(() => '');
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (!res.ok) {
      const apiError = ApiErrorSchema.safeParse(json);
      if (apiError.success) {
        // Keep the server's code for the caller but fold 401s into one recognisable code.
        const code = res.status === 401 ? 'http_401' : apiError.data.error.code;
        throw new BridgeError(code, apiError.data.error.message);
      }
      throw new BridgeError(`http_${res.status}`, `The companion server refused ${method} ${path} (HTTP ${res.status}).`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new BridgeError('bad_response', `The companion server sent an unexpected answer to ${method} ${path}.`);
    }
    return parsed.data;
  }
}
