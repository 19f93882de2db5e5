// Ties routed calls to conversations: before ringing, find the customer's open conversation and People
// name; on answer, join it (or create one) and assign it to the answering agent; record the call's start,
// end and transfers on the timeline.
import type { EventLog } from '../events/event-log.js';
import type { PeopleRepo } from '../people/people-repo.js';
import { customerKeyOf, type ConversationsRepo } from './conversations-repo.js';
import { formatDuration } from '../../shared/companion-cc.js';

export interface CallContext {
  accountId: string;
  customerKey?: string;
  customerNumber: string | null;
  /** Name from People (preferred) or the caller's own display name. */
  customerName: string | null;
  /** The customer's open conversation when the call arrived (sent as X-Conversation-Id). */
  conversationId?: string;
  /** The agent that open conversation is assigned to (sticky agent for messaging-app calls, §4.6). */
  assigneeId?: string | null;
}

export class CallConversations {
  constructor(private readonly conversations: ConversationsRepo, private readonly people: PeopleRepo, private readonly events: EventLog) {}

  async prepare(accountId: string, caller: { number?: string; sipUser?: string; sipHost?: string; displayName?: string }): Promise<CallContext> {
    const customerKey = customerKeyOf(caller.number, caller.sipUser, caller.sipHost);
    const person = caller.number ? await this.people.byNumber(accountId, caller.number) : undefined;
    const open = customerKey ? await this.conversations.openForCustomer(accountId, customerKey) : undefined;
    return {
      accountId, customerKey, customerNumber: caller.number ?? null,
      customerName: person?.name ?? caller.displayName ?? null, conversationId: open?.id, assigneeId: open?.assigneeId,
    };
  }

  /** The agent answered: join the open conversation (re-checked now) or create one; assign it to the agent. */
  async answered(ctx: CallContext, agentId: string, queueId: string | null, callId: string, text = 'Call started'): Promise<string | null> {
    if (!ctx.customerKey) return null;
    const open = await this.conversations.openForCustomer(ctx.accountId, ctx.customerKey);
    let id: string;
    if (open) {
      id = open.id;
      await this.conversations.update(id, { assigneeId: agentId, ...(ctx.customerName && !open.customerName ? { customerName: ctx.customerName } : {}) });
    } else {
      id = (await this.conversations.create({
        accountId: ctx.accountId, customerKey: ctx.customerKey, customerNumber: ctx.customerNumber,
        customerName: ctx.customerName, assigneeId: agentId, queueId,
      })).id;
    }
    await this.conversations.addEvent(id, 'call.started', text, agentId, { callId });
    this.events.append(ctx.accountId, { type: 'conversation.updated', conversationId: id });
    return id;
  }

  async ended(accountId: string, conversationId: string, agentId: string, callId: string, durationMs: number): Promise<void> {
    await this.conversations.addEvent(conversationId, 'call.ended', `Call ended (${formatDuration(durationMs)})`, agentId, { callId, durationMs });
    this.events.append(accountId, { type: 'conversation.updated', conversationId });
  }

  async transferred(accountId: string, conversationId: string, agentId: string, target: string, data: Record<string, unknown>): Promise<void> {
    await this.conversations.addEvent(conversationId, 'call.transferred', `Transferred to ${target}`, agentId, data);
    this.events.append(accountId, { type: 'conversation.updated', conversationId });
  }
}
