// Numbered migrations of the local recording index, tracked with SQLite's user_version.
import type BetterSqlite3 from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  // 1: recordings (one per call segment), their legs (one file each) and upload state.
  `CREATE TABLE recordings (
     id TEXT PRIMARY KEY,
     call_id TEXT NOT NULL,
     conversation_id TEXT,
     agent_name TEXT NOT NULL,
     end_user_name TEXT,
     end_user_phone TEXT,
     direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
     composition TEXT NOT NULL CHECK (composition IN ('separate','merged')),
     video INTEGER NOT NULL,
     segment INTEGER NOT NULL,
     base_name TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     state TEXT NOT NULL CHECK (state IN ('recording','finished'))
   );
   CREATE TABLE legs (
     id TEXT PRIMARY KEY,
     recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
     leg TEXT NOT NULL CHECK (leg IN ('agent','customer','merged')),
     file_name TEXT NOT NULL,
     mime_type TEXT NOT NULL,
     chunk_count INTEGER NOT NULL DEFAULT 0,
     bytes INTEGER NOT NULL DEFAULT 0,
     last_chunk_at INTEGER,
     sha256 TEXT,
     state TEXT NOT NULL CHECK (state IN ('recording','ready','uploaded')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     server_id TEXT,
     uploaded_at INTEGER
   );
   CREATE INDEX legs_state ON legs(state, next_attempt_at);`,
];

export function migrateCache(db: BetterSqlite3.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The recording index was written by a newer version (schema ${current}, this version knows ${MIGRATIONS.length}).`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
