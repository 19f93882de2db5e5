// Creates a demo companion database with N extra agents (`agent0…`, SIP password `pw<i>`) written straight
// into SQLite: scrypt-hashing thousands of API passwords would take minutes, and the SIP edge only needs the
// digest HA1, computed here exactly as the server does. Their API password is alice's (`alice`).
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { startCompanion } from '../../src/server/app.js';
import { SIP_DOMAIN } from './harness.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
export const agentLogin = (i: number) => `agent${i}`;
export const agentSipPassword = (i: number) => `pw${i}`;

export async function seedAgents(dataDir: string, n: number, opts: { status?: 'Offline' | 'Available'; queue?: string } = {}): Promise<void> {
  await (await startCompanion({ dataDir, demo: true })).close();
  const db = new Database(path.join(dataDir, 'companion.sqlite'));
  try {
    const hash = db.prepare("select password_hash from users where login = 'alice'").get() as { password_hash: string };
    const queue = opts.queue ? (db.prepare('select id from queues where name = ?').get(opts.queue) as { id: string } | undefined) : undefined;
    if (opts.queue && !queue) throw new Error(`no queue ${opts.queue} in the demo data`);
    const insert = db.prepare("insert into users (id, account_id, login, display_name, role, password_hash, ha1, ha1_realm, status, created_at) values (?, 'demo', ?, ?, 'agent', ?, ?, ?, ?, ?)");
    const member = db.prepare('insert into queue_members (queue_id, user_id) values (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const login = agentLogin(i);
        insert.run(`bench-${i}`, login, `Agent ${i}`, hash.password_hash, md5(`${login}:${SIP_DOMAIN}:${agentSipPassword(i)}`), SIP_DOMAIN, opts.status ?? 'Offline', Date.now());
        if (queue) member.run(queue.id, `bench-${i}`);
      }
    })();
  } finally {
    db.close();
  }
}
