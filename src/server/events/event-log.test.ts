// EventLog over a real SQLite file: seq per account, live delivery, replay, bounded storage, restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../shared/companion-api.js';
import { openDatabase, type Db } from '../db/database.js';
import { EventLog } from './event-log.js';

const dbs: Db[] = [];
async function freshDb(dir = mkdtempSync(path.join(tmpdir(), 'eventlog-'))) {
  const db = await openDatabase(dir);
  dbs.push(db);
  for (const id of ['a', 'b']) await db.insertInto('accounts').values({ id, name: id, created_at: 0 }).onConflict((oc) => oc.doNothing()).execute();
  return { db, dir };
}
afterEach(async () => { for (const db of dbs.splice(0)) await db.destroy(); });

const status = (login: string) => ({ type: 'agent.status' as const, agentId: login, login, status: 'Available' as const });

describe('EventLog', () => {
  it('numbers events per account and delivers them live to that account only', async () => {
    const { db } = await freshDb();
    const log = new EventLog(db, (e) => { throw e; });
    await log.init();
    const gotA: ServerEvent[] = [];
    const gotB: ServerEvent[] = [];
    log.subscribe('a', (e) => gotA.push(e));
    const unsubscribeB = log.subscribe('b', (e) => gotB.push(e));
    log.append('a', status('x'));
    log.append('b', status('y'));
    log.append('a', status('z'));
    unsubscribeB();
    log.append('b', status('w'));
    expect(gotA.map((e) => e.seq)).toEqual([1, 2]);
    expect(gotB.map((e) => e.seq)).toEqual([1]);
    expect(await log.since('a', 1)).toEqual([{ ...status('z'), seq: 2 }]);
    expect((await log.since('b', 0)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('keeps roughly the last N events per account and always returns the newest', async () => {
    const { db } = await freshDb();
    const log = new EventLog(db, (e) => { throw e; }, 100);
    await log.init();
    for (let i = 0; i < 250; i++) log.append('a', status(`u${i}`));
    const all = await log.since('a', 0);
    expect(all[all.length - 1]!.seq).toBe(250);
    expect(all.length).toBeGreaterThanOrEqual(100);
    expect(all.length).toBeLessThan(200);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => all[0]!.seq + i));
  });

  it('continues the sequence after a restart', async () => {
    const { db, dir } = await freshDb();
    const log = new EventLog(db, (e) => { throw e; });
    await log.init();
    log.append('a', status('x'));
    log.append('a', status('y'));
    await log.flush();
    await db.destroy();
    dbs.splice(dbs.indexOf(db), 1);
    const { db: db2 } = await freshDb(dir);
    const log2 = new EventLog(db2, (e) => { throw e; });
    await log2.init();
    expect(log2.append('a', status('z')).seq).toBe(3);
    expect((await log2.since('a', 0)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});
