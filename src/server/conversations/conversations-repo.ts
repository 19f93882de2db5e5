// Conversations (spec §8.2, §10.3) and their event timeline in SQLite. A customer's follow-up calls join
// their open (non-Closed) conversation; workload (§4.2) is the count of an agent's non-Closed conversations.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Conversation, ConversationDetail, ConversationEvent, ConversationEventType, ConversationStatus } from '../../shared/companion-cc.js';
import type { Db } from '../db/database.js';
import type { ConversationsTable } from '../db/schema.js';

export interface NewConversation {
  accountId: string;
  customerKey: string;
  customerNumber: string | null;
  customerName: string | null;
  assigneeId: string | null;
  queueId: string | null;
}

const toConversation = (r: ConversationsTable): Conversation => ({
  id: r.id, customerNumber: r.customer_number, customerName: r.customer_name, assigneeId: r.assignee_id,
  queueId: r.queue_id, status: r.status, notes: r.notes, createdAt: r.created_at, updatedAt: r.updated_at,
});

/** The customer identity conversations are matched by: the E.164 number, else the SIP address. */
export function customerKeyOf(number: string | null | undefined, sipUser: string | undefined, sipHost: string | undefined): string | undefined {
  if (number) return number.startsWith('+') ? number : `+${number}`;
  if (sipUser && sipHost) return `sip:${sipUser.toLowerCase()}@${sipHost.toLowerCase()}`;
  return undefined;
}

export class ConversationsRepo {
  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {}

  async openForCustomer(accountId: string, customerKey: string): Promise<Conversation | undefined> {
    const r = await this.db.selectFrom('conversations').selectAll()
      .where('account_id', '=', accountId).where('customer_key', '=', customerKey).where('status', '!=', 'Closed')
      .orderBy('updated_at', 'desc').executeTakeFirst();
    return r ? toConversation(r) : undefined;
  }

  async create(c: NewConversation): Promise<Conversation> {
    const now = this.now();
    const row: ConversationsTable = {
      id: randomUUID(), account_id: c.accountId, customer_key: c.customerKey, customer_number: c.customerNumber,
      customer_name: c.customerName, assignee_id: c.assigneeId, queue_id: c.queueId, status: 'Open', notes: '',
      created_at: now, updated_at: now,
    };
    await this.db.insertInto('conversations').values(row).execute();
    return toConversation(row);
  }

  async get(accountId: string, id: string): Promise<Conversation | undefined> {
    const r = await this.db.selectFrom('conversations').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return r ? toConversation(r) : undefined;
  }

  async detail(accountId: string, id: string): Promise<ConversationDetail | undefined> {
    const c = await this.get(accountId, id);
    if (!c) return undefined;
    const rows = await this.db.selectFrom('conversation_events').selectAll().where('conversation_id', '=', id).orderBy('id').execute();
    const events: ConversationEvent[] = rows.map((e) => ({
      id: e.id, type: e.type as ConversationEventType, text: e.text, agentId: e.agent_id, data: safeJson(e.data), createdAt: e.created_at,
    }));
    return { ...c, events };
  }

  async list(accountId: string, filter: { assigneeId?: string; status?: ConversationStatus; openOnly?: boolean; limit?: number }): Promise<Conversation[]> {
    let q = this.db.selectFrom('conversations').selectAll().where('account_id', '=', accountId);
    if (filter.assigneeId !== undefined) q = q.where('assignee_id', '=', filter.assigneeId);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.openOnly) q = q.where('status', '!=', 'Closed');
    const rows = await q.orderBy('updated_at', 'desc').limit(filter.limit ?? 100).execute();
    return rows.map(toConversation);
  }

  async update(id: string, patch: { status?: ConversationStatus; notes?: string; assigneeId?: string | null; customerName?: string | null }): Promise<void> {
    await this.db.updateTable('conversations').set({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.assigneeId !== undefined ? { assignee_id: patch.assigneeId } : {}),
      ...(patch.customerName !== undefined ? { customer_name: patch.customerName } : {}),
      updated_at: this.now(),
    }).where('id', '=', id).execute();
  }

  async addEvent(conversationId: string, type: ConversationEventType, text: string, agentId: string | null, data: Record<string, unknown> = {}): Promise<void> {
    await this.db.insertInto('conversation_events').values({
      conversation_id: conversationId, type, text, agent_id: agentId, data: JSON.stringify(data), created_at: this.now(),
    }).execute();
    await this.db.updateTable('conversations').set({ updated_at: this.now() }).where('id', '=', conversationId).execute();
  }

  /** The conversation a call (companion call id) was recorded in, if any. */
  async byCallId(accountId: string, callId: string): Promise<Conversation | undefined> {
    const r = await this.db.selectFrom('conversation_events').innerJoin('conversations', 'conversations.id', 'conversation_events.conversation_id')
      .selectAll('conversations')
      .where('conversations.account_id', '=', accountId)
      .where('conversation_events.type', '=', 'call.started')
      .where(sql<boolean>`json_extract(conversation_events.data, '$.callId') = ${callId}`)
      .orderBy('conversation_events.id', 'desc').executeTakeFirst();
    return r ? toConversation(r) : undefined;
  }

  /** Non-Closed conversations per assigned agent of the account (the ACD's workload). */
  async workload(accountId: string): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('conversations')
      .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId).where('status', '!=', 'Closed').where('assignee_id', 'is not', null)
      .groupBy('assignee_id').execute();
    return new Map(rows.map((r) => [r.assignee_id!, Number(r.n)]));
  }
}

function safeJson(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
  } catch {
    return {};
  }
}
