// Live state of every user: the status they picked (persisted), SIP registration, calls, ringing and
// wrap-up (in memory). The live status shown to others is Busy while in a call or wrap-up (spec §3.3),
// and every change of it is pushed as an `agent.status` event. While a call is on hold the live status is
// "On hold" (spec §3.4).
import type { AgentStatus } from '../../shared/contract.js';
import type { AcdAgent } from '../acd/acd.js';
import type { User, UsersRepo } from '../accounts/users-repo.js';
import type { EventLog } from '../events/event-log.js';

export interface WrapUpState {
  callId: string;
  conversationId: string | null;
  endsAt: number;
  canExtend: boolean;
}

export interface LiveAgent {
  id: string;
  accountId: string;
  login: string;
  displayName: string;
  role: User['role'];
  selected: AgentStatus;
  registered: boolean;
  calls: Set<string>;
  /** Calls the desktop reported on hold (its re-INVITE succeeded); cleared on resume, call end or wrap-up. */
  holding: Set<string>;
  ringingFor: string | null;
  wrapUp: WrapUpState | null;
  lastCallEndedAt: number | null;
  published: AgentStatus;
}

export function liveStatus(a: Pick<LiveAgent, 'selected' | 'calls' | 'wrapUp'> & Partial<Pick<LiveAgent, 'holding'>>): AgentStatus {
  if (a.selected === 'Offline' || a.selected === 'Away') return a.selected;
  if (a.holding && a.holding.size > 0) return 'On hold';
  if (a.calls.size > 0 || a.wrapUp) return 'Busy';
  return a.selected;
}

export class Presence {
  private readonly agents = new Map<string, LiveAgent>();
  private readonly changeListeners = new Set<(agent: LiveAgent) => void>();
  private readonly pending = new Set<LiveAgent>();
  private flushScheduled = false;

  constructor(private readonly users: UsersRepo, private readonly events: EventLog, private readonly now: () => number = Date.now) {}

  async load(): Promise<void> {
    for (const u of await this.users.all()) this.add(u);
  }

  add(u: User): LiveAgent {
    const existing = this.agents.get(u.id);
    if (existing) return existing;
    const a: LiveAgent = {
      id: u.id, accountId: u.accountId, login: u.login, displayName: u.displayName, role: u.role,
      selected: u.status, registered: false, calls: new Set(), holding: new Set(), ringingFor: null, wrapUp: null, lastCallEndedAt: null,
      published: u.status,
    };
    a.published = liveStatus(a);
    this.agents.set(u.id, a);
    return a;
  }

  get(userId: string): LiveAgent | undefined {
    return this.agents.get(userId);
  }

  byLogin(login: string): LiveAgent | undefined {
    for (const a of this.agents.values()) if (a.login === login) return a;
    return undefined;
  }

  inAccount(accountId: string): LiveAgent[] {
    return [...this.agents.values()].filter((a) => a.accountId === accountId);
  }

  /** Called after any change that may make an agent eligible (the router re-checks waiting calls). */
  onChange(listener: (agent: LiveAgent) => void): () => void {
    this.changeListeners.add(listener);
    return () => { this.changeListeners.delete(listener); };
  }

  async setSelected(userId: string, status: AgentStatus): Promise<void> {
    const a = this.agents.get(userId);
    if (!a) return;
    await this.users.setStatus(userId, status);
    a.selected = status;
    this.changed(a);
  }

  setRegistered(userId: string, registered: boolean): void {
    const a = this.agents.get(userId);
    if (!a || a.registered === registered) return;
    a.registered = registered;
    this.changed(a);
  }

  setRinging(userId: string, callId: string | null): void {
    const a = this.agents.get(userId);
    if (!a) return;
    // Only clear the ringing mark of the call that set it.
    if (callId === null && a.ringingFor === null) return;
    a.ringingFor = callId;
    this.changed(a);
  }

  clearRinging(userId: string, callId: string): void {
    const a = this.agents.get(userId);
    if (a?.ringingFor === callId) this.setRinging(userId, null);
  }

  callStarted(userId: string, callId: string): void {
    const a = this.agents.get(userId);
    if (!a) return;
    a.calls.add(callId);
    if (a.ringingFor === callId) a.ringingFor = null;
    this.changed(a);
  }

  /** The agent put `callId` on hold (on) or resumed it (off). Returns false for an unknown agent. */
  setHold(userId: string, callId: string, on: boolean): boolean {
    const a = this.agents.get(userId);
    if (!a) return false;
    if (on === a.holding.has(callId)) return true;
    if (on) a.holding.add(callId);
    else a.holding.delete(callId);
    this.changed(a);
    return true;
  }

  callEnded(userId: string, callId: string): boolean {
    const a = this.agents.get(userId);
    // A call that ends while held must not leave the agent "On hold".
    if (a?.holding.delete(callId) && !a.calls.has(callId)) this.changed(a);
    if (!a || !a.calls.delete(callId)) return false;
    a.lastCallEndedAt = this.now();
    this.changed(a);
    return true;
  }

  setWrapUp(userId: string, w: WrapUpState | null): void {
    const a = this.agents.get(userId);
    if (!a) return;
    a.wrapUp = w;
    // Wrap-up follows the end of the call, so no call can still be on hold.
    if (w) a.holding.clear();
    this.changed(a);
  }

  /** ACD view of one account's agents for the call `callId`. */
  snapshot(accountId: string, callId: string, workload: ReadonlyMap<string, number> = new Map()): AcdAgent[] {
    return this.inAccount(accountId).map((a) => ({
      id: a.id,
      login: a.login,
      status: a.selected,
      registered: a.registered,
      // A held call the SIP edge did not track still keeps the agent out of routing.
      inCall: a.calls.size > 0 || a.holding.size > 0,
      inWrapUp: a.wrapUp !== null,
      ringingElsewhere: a.ringingFor !== null && a.ringingFor !== callId,
      openConversations: workload.get(a.id) ?? 0,
      lastCallEndedAt: a.lastCallEndedAt,
    }));
  }

  private changed(a: LiveAgent): void {
    const status = liveStatus(a);
    if (status !== a.published) {
      a.published = status;
      this.events.append(a.accountId, { type: 'agent.status', agentId: a.id, login: a.login, status });
    }
    // Listeners run after the current step completes, so a transition (e.g. call ended → wrap-up) is
    // never observed half-way, and a listener that changes presence does not re-enter this method.
    this.pending.add(a);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const agents = [...this.pending];
      this.pending.clear();
      for (const agent of agents) for (const l of this.changeListeners) l(agent);
    });
  }
}
