// Queues and their members in SQLite.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';

export interface Queue {
  id: string;
  accountId: string;
  /** SIP user part of the queue URI. */
  name: string;
  displayName: string;
  memberIds: string[];
}

export class QueuesRepo {
  constructor(private readonly db: Db) {}

  async create(accountId: string, name: string, displayName: string, memberIds: string[]): Promise<Queue> {
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('queues').values({ id, account_id: accountId, name, display_name: displayName, created_at: Date.now() }).execute();
      for (const userId of memberIds) await tx.insertInto('queue_members').values({ queue_id: id, user_id: userId }).execute();
    });
    return { id, accountId, name, displayName, memberIds: [...memberIds] };
  }

  async byName(name: string): Promise<Queue | undefined> {
    const q = await this.db.selectFrom('queues').selectAll().where('name', '=', name).executeTakeFirst();
    if (!q) return undefined;
    const members = await this.db.selectFrom('queue_members').select('user_id').where('queue_id', '=', q.id).execute();
    return { id: q.id, accountId: q.account_id, name: q.name, displayName: q.display_name, memberIds: members.map((m) => m.user_id) };
  }

  async byAccount(accountId: string): Promise<Queue[]> {
    const qs = await this.db.selectFrom('queues').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
    const members = qs.length
      ? await this.db.selectFrom('queue_members').selectAll().where('queue_id', 'in', qs.map((q) => q.id)).execute()
      : [];
    return qs.map((q) => ({
      id: q.id, accountId: q.account_id, name: q.name, displayName: q.display_name,
      memberIds: members.filter((m) => m.queue_id === q.id).map((m) => m.user_id),
    }));
  }

  /** Replaces the queue's members (one transaction: a failure leaves the old list). */
  async setMembers(queueId: string, memberIds: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('queue_members').where('queue_id', '=', queueId).execute();
      for (const userId of new Set(memberIds)) await tx.insertInto('queue_members').values({ queue_id: queueId, user_id: userId }).execute();
    });
  }
}
