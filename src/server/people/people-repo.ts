// People (spec §15): contacts with E.164 numbers and tags, per account. Used for caller names on routed
// INVITEs, outbound "To" search and the transfer phonebook (tag external_number).
import { randomUUID } from 'node:crypto';
import type { Person, PersonInput } from '../../shared/companion-cc.js';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Digits with a leading "+", for matching what callers send (e.g. "81312345678" or "+81 3-1234-5678"). */
export function normalizeNumber(raw: string): string | undefined {
  const digits = raw.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9]{3,20}$/.test(digits)) return undefined;
  return digits.startsWith('+') ? digits : `+${digits}`;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export class PeopleRepo {
  constructor(private readonly db: Db) {}

  private async hydrate(rows: Array<{ id: string; name: string; tags: string }>): Promise<Person[]> {
    if (!rows.length) return [];
    const nums = await this.db.selectFrom('people_numbers').select(['person_id', 'number']).where('person_id', 'in', rows.map((r) => r.id)).execute();
    return rows.map((r) => ({
      id: r.id, name: r.name, tags: parseTags(r.tags),
      numbers: nums.filter((n) => n.person_id === r.id).map((n) => n.number),
    }));
  }

  async create(accountId: string, p: PersonInput): Promise<Person> {
    const id = randomUUID();
    const numbers = [...new Set(p.numbers)];
    const tags = [...new Set(p.tags)];
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('people').values({ id, account_id: accountId, name: p.name, tags: JSON.stringify(tags), created_at: Date.now() }).execute();
      for (const number of numbers) await tx.insertInto('people_numbers').values({ person_id: id, account_id: accountId, number }).execute();
    });
    return { id, name: p.name, numbers, tags };
  }

  async get(accountId: string, id: string): Promise<Person | undefined> {
    const r = await this.db.selectFrom('people').select(['id', 'name', 'tags']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return r ? (await this.hydrate([r]))[0] : undefined;
  }

  async update(accountId: string, id: string, patch: Partial<PersonInput>): Promise<Person | undefined> {
    const existing = await this.get(accountId, id);
    if (!existing) return undefined;
    await this.db.transaction().execute(async (tx) => {
      if (patch.name !== undefined || patch.tags !== undefined) {
        await tx.updateTable('people').set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.tags !== undefined ? { tags: JSON.stringify([...new Set(patch.tags)]) } : {}),
        }).where('id', '=', id).execute();
      }
      if (patch.numbers !== undefined) {
        await tx.deleteFrom('people_numbers').where('person_id', '=', id).execute();
        for (const number of new Set(patch.numbers)) await tx.insertInto('people_numbers').values({ person_id: id, account_id: accountId, number }).execute();
      }
    });
    return this.get(accountId, id);
  }

  async remove(accountId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('people').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Name (anywhere, case-insensitive) or number prefix (with or without "+"). */
  async search(accountId: string, query: string | undefined, opts: { tag?: string; limit?: number } = {}): Promise<Person[]> {
    let q = this.db.selectFrom('people').select(['id', 'name', 'tags']).where('account_id', '=', accountId);
    const text = query?.trim() ?? '';
    if (text) {
      const numberPrefix = normalizeNumber(text);
      const nameLike = `%${likeEscape(text.toLowerCase())}%`;
      q = q.where((eb) => eb.or([
        sql<boolean>`lower(name) like ${nameLike} escape '\\'`,
        ...(numberPrefix ? [eb('id', 'in', eb.selectFrom('people_numbers').select('person_id')
          .where('account_id', '=', accountId).where(sql<boolean>`number like ${`${likeEscape(numberPrefix)}%`} escape '\\'`))] : []),
      ]));
    }
    if (opts.tag) q = q.where(sql<boolean>`tags like ${`%${likeEscape(JSON.stringify(opts.tag))}%`} escape '\\'`);
    const rows = await q.orderBy('name').limit(opts.limit ?? 50).execute();
    return this.hydrate(rows);
  }

  async byNumber(accountId: string, raw: string): Promise<Person | undefined> {
    const number = normalizeNumber(raw);
    if (!number) return undefined;
    const r = await this.db.selectFrom('people_numbers').innerJoin('people', 'people.id', 'people_numbers.person_id')
      .select(['people.id', 'people.name', 'people.tags'])
      .where('people_numbers.account_id', '=', accountId).where('people_numbers.number', '=', number)
      .orderBy('people.created_at').executeTakeFirst();
    return r ? (await this.hydrate([r]))[0] : undefined;
  }

  async byName(accountId: string, name: string): Promise<Person | undefined> {
    const r = await this.db.selectFrom('people').select(['id', 'name', 'tags'])
      .where('account_id', '=', accountId).where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase())).executeTakeFirst();
    return r ? (await this.hydrate([r]))[0] : undefined;
  }
}

function parseTags(s: string): string[] {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
