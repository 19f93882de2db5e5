// An agent's outbound call to a customer number (§8.3), on the server side: checks the options the desktop
// sent in X-Outbound-* headers against the agent's account, picks the conversation (create / join /
// refuse, see outbound-decision.ts), assigns it to the agent and records the call on its timeline.
// The SIP edge only calls in here; the SIP plumbing stays in edge.ts.
import type { User } from '../accounts/users-repo.js';
import type { EventLog } from '../events/event-log.js';
import type { PeopleRepo } from '../people/people-repo.js';
import type { QueuesRepo } from '../queues/queues-repo.js';
import type { ConversationsRepo } from '../conversations/conversations-repo.js';
import { outboundConversation } from '../conversations/outbound-decision.js';
import type { AccountNumber } from '../../shared/companion-cc.js';
import { OUTBOUND_REFUSALS, type OutboundOptions } from '../../shared/outbound-call.js';

export const FROM_NOT_ALLOWED = OUTBOUND_REFUSALS.outbound_from_not_allowed;
export const QUEUE_NOT_ALLOWED = OUTBOUND_REFUSALS.outbound_queue_not_allowed;

export interface OutboundPlan {
  accountId: string;
  agentId: string;
  to: string;
  conversationId: string;
  /** The caller ID toward the carrier; undefined when the account has no numbers. */
  callerId: string | undefined;
  queueId: string | null;
  options: OutboundOptions;
}

export type OutboundRefusal = { status: 403 | 404; reason: string };

export interface OutboundCallsDeps {
  conversations: ConversationsRepo;
  people: PeopleRepo;
  queues: QueuesRepo;
  events: EventLog;
  accountNumbers: (accountId: string) => Promise<AccountNumber[]>;
}

export class OutboundCalls {
  constructor(private readonly d: OutboundCallsDeps) {}

  /** Validates and binds the call to its conversation (created now for a new customer, §8.3 "none"). */
  async prepare(agent: User, to: string, options: OutboundOptions): Promise<OutboundPlan | OutboundRefusal> {
    const numbers = await this.d.accountNumbers(agent.accountId);
    if (options.from && !numbers.some((n) => n.number === options.from)) return { status: 403, reason: FROM_NOT_ALLOWED };
    let queueId: string | null = null;
    if (options.queue) {
      const q = await this.d.queues.byName(options.queue);
      if (!q || q.accountId !== agent.accountId || !q.memberIds.includes(agent.id)) return { status: 403, reason: QUEUE_NOT_ALLOWED };
      queueId = q.id;
    }
    const open = await this.d.conversations.openForCustomer(agent.accountId, to);
    const requested = options.conversationId
      ? { id: options.conversationId, found: await this.d.conversations.get(agent.accountId, options.conversationId) }
      : undefined;
    const decision = outboundConversation({ agentId: agent.id, to, open, requested });
    if (decision.kind === 'refuse') return { status: decision.status, reason: decision.reason };
    let conversationId: string;
    if (decision.kind === 'join') {
      conversationId = decision.conversationId;
      await this.d.conversations.update(conversationId, { assigneeId: agent.id });
    } else {
      const person = await this.d.people.byNumber(agent.accountId, to);
      conversationId = (await this.d.conversations.create({
        accountId: agent.accountId, customerKey: to, customerNumber: to, customerName: person?.name ?? null, assigneeId: agent.id, queueId,
      })).id;
    }
    this.d.events.append(agent.accountId, { type: 'conversation.updated', conversationId });
    return { accountId: agent.accountId, agentId: agent.id, to, conversationId, callerId: options.from ?? numbers[0]?.number, queueId, options };
  }

  /** Whether `number` is one of the account's numbers (the external-transfer From choice, §7.3). */
  async isAccountNumber(accountId: string, number: string): Promise<boolean> {
    return (await this.d.accountNumbers(accountId)).some((n) => n.number === number);
  }

  async answered(p: OutboundPlan, callId: string): Promise<void> {
    const o = p.options;
    await this.d.conversations.addEvent(p.conversationId, 'call.started', `Outbound call started (from ${p.callerId ?? 'unknown'})`, p.agentId, {
      callId, direction: 'outbound', to: p.to, from: p.callerId ?? null, queueId: p.queueId, priority: o.priority ?? 'normal', tags: o.tags ?? [],
    });
    this.d.events.append(p.accountId, { type: 'conversation.updated', conversationId: p.conversationId });
  }

  async notAnswered(p: OutboundPlan, callId: string, status: number): Promise<void> {
    await this.d.conversations.addEvent(p.conversationId, 'call.ended', `Outbound call not answered (${status})`, p.agentId, { callId, direction: 'outbound', status });
    this.d.events.append(p.accountId, { type: 'conversation.updated', conversationId: p.conversationId });
  }
}
