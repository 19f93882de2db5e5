// Users (agents and supervisors) and accounts in SQLite.
import { randomUUID } from 'node:crypto';
import type { AgentStatus } from '../../shared/contract.js';
import { AgentStatusSchema } from '../../shared/contract.js';
import { computeHa1, hashPassword } from '../auth/passwords.js';
import type { Db } from '../db/database.js';

export type Role = 'agent' | 'supervisor';

export interface User {
  id: string;
  accountId: string;
  login: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  ha1: string;
  ha1Realm: string;
  status: AgentStatus;
}

type Row = {
  id: string; account_id: string; login: string; display_name: string; role: Role;
  password_hash: string; ha1: string; ha1_realm: string; status: string;
};

const toUser = (r: Row): User => ({
  id: r.id,
  accountId: r.account_id,
  login: r.login,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  ha1: r.ha1,
  ha1Realm: r.ha1_realm,
  // A value written by an older version that we no longer know reads as Offline rather than crashing.
  status: AgentStatusSchema.safeParse(r.status).data ?? 'Offline',
});

/** Logins double as SIP user parts, so they are restricted to safe URI characters. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export class UsersRepo {
  constructor(private readonly db: Db) {}

  async createAccount(id: string, name: string): Promise<void> {
    await this.db.insertInto('accounts').values({ id, name, created_at: Date.now() }).onConflict((oc) => oc.doNothing()).execute();
  }

  async accountExists(id: string): Promise<boolean> {
    return !!(await this.db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst());
  }

  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async create(input: { accountId: string; login: string; displayName: string; role: Role; password: string; realm: string }): Promise<User> {
    if (!LOGIN_PATTERN.test(input.login)) throw new Error(`Invalid login "${input.login}": use lowercase letters, digits, dot, dash or underscore.`);
    const row: Row = {
      id: randomUUID(),
      account_id: input.accountId,
      login: input.login,
      display_name: input.displayName,
      role: input.role,
      password_hash: await hashPassword(input.password),
      ha1: computeHa1(input.login, input.realm, input.password),
      ha1_realm: input.realm,
      status: 'Offline',
    };
    await this.db.insertInto('users').values({ ...row, created_at: Date.now() }).execute();
    return toUser(row);
  }

  async byId(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async byLogin(login: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async all(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('login').execute()).map(toUser);
  }

  async byAccount(accountId: string): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('login').execute()).map(toUser);
  }

  async setStatus(id: string, status: AgentStatus): Promise<void> {
    await this.db.updateTable('users').set({ status }).where('id', '=', id).execute();
  }

  /** Re-derives HA1 when the SIP realm changed since the password was set (we only see the password at login). */
  async refreshHa1(id: string, login: string, realm: string, password: string): Promise<void> {
    await this.db.updateTable('users').set({ ha1: computeHa1(login, realm, password), ha1_realm: realm }).where('id', '=', id).execute();
  }
}
