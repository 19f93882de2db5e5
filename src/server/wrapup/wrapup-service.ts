// Wrap-up after a call (spec §10): the agent is Busy until the countdown ends or they finish; "+10s"
// when the organisation allows it. Start is idempotent per call id, and an agent has at most one
// wrap-up at a time (the server starts it when a queue call ends; the desktop's own start joins it).
import { WRAPUP_EXTENSION_SECONDS } from '../../shared/companion-api.js';
import type { WrapUpStartResponse } from '../../shared/companion-admin.js';
import type { Db } from '../db/database.js';
import type { EventLog } from '../events/event-log.js';
import type { Presence, WrapUpState } from '../presence/presence.js';
import type { SettingsRepo } from '../settings/settings-repo.js';

export class WrapUpError extends Error {
  constructor(readonly code: 'no_wrapup' | 'extension_not_allowed', message: string) { super(message); }
}

const MAX_REMEMBERED = 5000;

export class WrapUpService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** `${userId}:${callId}` → the answer given, so a repeated start returns the same thing. */
  private readonly answers = new Map<string, WrapUpStartResponse>();

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsRepo,
    private readonly presence: Presence,
    private readonly events: EventLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts wrap-up for `callId` (aliases: other ids of the same call, e.g. the SIP Call-ID). */
  async start(userId: string, callId: string, conversationId: string | null = null, aliases: string[] = []): Promise<WrapUpStartResponse> {
    const known = this.answers.get(`${userId}:${callId}`);
    if (known) return known;
    const agent = this.presence.get(userId);
    if (!agent) return { enabled: false };
    const settings = await this.settings.effectiveWrapUp(agent.accountId, userId);
    // Re-check after the await: another start may have begun meanwhile.
    const again = this.answers.get(`${userId}:${callId}`);
    if (again) return again;
    let answer: WrapUpStartResponse;
    if (agent.wrapUp) {
      answer = this.describe(agent.wrapUp);
    } else if (!settings.enabled) {
      answer = { enabled: false };
    } else {
      const state: WrapUpState = { callId, conversationId, endsAt: this.now() + settings.seconds * 1000, canExtend: settings.allowExtension };
      // Cause before effect on the stream: wrapup.started, then the agent.status it implies.
      this.events.append(agent.accountId, { type: 'wrapup.started', agentId: userId, callId, conversationId, endsAt: state.endsAt, canExtend: state.canExtend });
      this.presence.setWrapUp(userId, state);
      this.schedule(userId, state);
      answer = this.describe(state);
    }
    for (const id of [callId, ...aliases]) this.remember(`${userId}:${id}`, answer);
    return answer;
  }

  extend(userId: string): { endsAt: number } {
    const agent = this.presence.get(userId);
    const w = agent?.wrapUp;
    if (!agent || !w) throw new WrapUpError('no_wrapup', 'There is no wrap-up in progress.');
    if (!w.canExtend) throw new WrapUpError('extension_not_allowed', 'Additional wrap-up time is not allowed.');
    const next: WrapUpState = { ...w, endsAt: w.endsAt + WRAPUP_EXTENSION_SECONDS * 1000 };
    this.presence.setWrapUp(userId, next);
    this.schedule(userId, next);
    this.events.append(agent.accountId, { type: 'wrapup.started', agentId: userId, callId: next.callId, conversationId: next.conversationId, endsAt: next.endsAt, canExtend: next.canExtend });
    return { endsAt: next.endsAt };
  }

  /** Ends the wrap-up (if any) and stores the notes against the call / conversation. */
  async finish(userId: string, input: { notes?: string; status?: string } = {}): Promise<void> {
    const agent = this.presence.get(userId);
    if (!agent) return;
    const w = agent.wrapUp;
    if (w && (input.notes !== undefined || input.status !== undefined)) {
      await this.db.insertInto('call_notes').values({
        account_id: agent.accountId, user_id: userId, call_id: w.callId, conversation_id: w.conversationId,
        notes: input.notes ?? null, conversation_status: input.status ?? null, created_at: this.now(),
      }).execute();
    }
    this.end(userId);
  }

  /** Ends the agent's wrap-up now (countdown over, finish, or shutdown). */
  end(userId: string): void {
    const t = this.timers.get(userId);
    if (t) clearTimeout(t);
    this.timers.delete(userId);
    const agent = this.presence.get(userId);
    if (!agent?.wrapUp) return;
    const { callId } = agent.wrapUp;
    this.events.append(agent.accountId, { type: 'wrapup.ended', agentId: userId, callId });
    this.presence.setWrapUp(userId, null);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private describe(w: WrapUpState): WrapUpStartResponse {
    return { enabled: true, callId: w.callId, endsAt: w.endsAt, canExtend: w.canExtend };
  }

  private schedule(userId: string, w: WrapUpState): void {
    const old = this.timers.get(userId);
    if (old) clearTimeout(old);
    this.timers.set(userId, setTimeout(() => this.end(userId), Math.max(0, w.endsAt - this.now())));
  }

  private remember(key: string, answer: WrapUpStartResponse): void {
    this.answers.set(key, answer);
    if (this.answers.size > MAX_REMEMBERED) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
  }
}
