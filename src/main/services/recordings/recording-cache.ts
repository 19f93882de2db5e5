// Crash-safe local recording cache (spec §16.4): chunks are appended to one file per leg as they arrive
// and an SQLite index records how many bytes are known good. After a crash, `finaliseInterrupted()` cuts
// each file back to the last indexed chunk boundary (a WebM stream from MediaRecorder is playable from its
// first chunk up to any chunk boundary), checksums it and queues it for upload. Files are deleted only after
// the server confirmed their checksum.
import BetterSqlite3 from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fstatSync, ftruncateSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { recordingBaseName, recordingFileName } from '../../../shared/recording-naming.js';
import type { RecordingLeg, RecordingPlan } from '../../../shared/recording-policy.js';
import type { RecordingMetadata } from '../../../shared/recording-metadata.js';
import { isoUtc } from '../../../shared/recording-metadata.js';
import { migrateCache } from './cache-schema.js';

export interface StartRecordingInput {
  callId: string;
  conversationId: string | null;
  agentName: string;
  endUserName: string | null;
  endUserPhone: string | null;
  direction: 'inbound' | 'outbound';
  startedAt: number;
  plan: RecordingPlan;
  /** MIME type the renderer's MediaRecorder produces (decides the extension). */
  mimeType: string;
  segment?: number;
}

export interface StartedRecording {
  recordingId: string;
  baseName: string;
  legs: { legId: string; leg: RecordingLeg; fileName: string }[];
}

export interface PreparedRecording extends StartedRecording {
  input: StartRecordingInput;
}

export type LegState = 'recording' | 'ready' | 'uploaded';

export interface LegRow {
  id: string;
  recording_id: string;
  leg: RecordingLeg;
  file_name: string;
  mime_type: string;
  chunk_count: number;
  bytes: number;
  last_chunk_at: number | null;
  sha256: string | null;
  state: LegState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  server_id: string | null;
  uploaded_at: number | null;
}

interface RecordingRow {
  id: string; call_id: string; conversation_id: string | null; agent_name: string; end_user_name: string | null;
  end_user_phone: string | null; direction: 'inbound' | 'outbound'; composition: string; video: number; segment: number;
  base_name: string; started_at: number; ended_at: number | null; state: 'recording' | 'finished';
}

/** A leg ready to upload, with the metadata the server stores next to it. */
export interface PendingUpload {
  leg: LegRow;
  filePath: string;
  metadata: RecordingMetadata;
}

export class RecordingCacheError extends Error {
  constructor(readonly code: 'unknown_leg' | 'leg_closed' | 'chunk_gap' | 'chunk_too_large', message: string) { super(message); }
}

export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

const extensionFor = (mime: string): string => {
  const m = mime.toLowerCase();
  if (m.includes('ogg')) return 'ogg';
  if (m.includes('mp4')) return 'mp4';
  return 'webm';
};

export class RecordingCache {
  private readonly db: BetterSqlite3.Database;
  private readonly filesDir: string;
  private readonly fds = new Map<string, number>();

  constructor(readonly dir: string, private readonly now: () => number = Date.now) {
    mkdirSync(dir, { recursive: true });
    this.filesDir = path.join(dir, 'files');
    mkdirSync(this.filesDir, { recursive: true });
    this.db = new BetterSqlite3(path.join(dir, 'recordings.sqlite'));
    try {
      // WAL + synchronous=NORMAL: a committed chunk count survives a process kill; the file append is fsynced first.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrateCache(this.db);
    } catch (e) {
      // e.g. a disk that cannot take the WAL file: the opener retries later with a fresh connection.
      this.db.close();
      throw e;
    }
  }

  filePath(legId: string): string {
    return path.join(this.filesDir, `${legId}.bin`);
  }

  /** Ids and names of a new recording, decided without touching the disk (so a full disk can be waited out). */
  static prepare(input: StartRecordingInput): PreparedRecording {
    const recordingId = randomUUID();
    const baseName = recordingBaseName(input);
    const ext = extensionFor(input.mimeType);
    const legs = input.plan.legs.map((leg) => ({ legId: randomUUID(), leg, fileName: recordingFileName(baseName, leg, ext) }));
    return { recordingId, baseName, legs, input };
  }

  start(input: StartRecordingInput): StartedRecording {
    const prepared = RecordingCache.prepare(input);
    this.insert(prepared);
    return prepared;
  }

  /** Indexes a prepared recording; inserting the same one twice (a retried write) changes nothing. */
  insert(prepared: PreparedRecording): void {
    const { recordingId, baseName, legs, input } = prepared;
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM recordings WHERE id = ?').get(recordingId)) return;
      this.db.prepare(`INSERT INTO recordings (id, call_id, conversation_id, agent_name, end_user_name, end_user_phone, direction,
          composition, video, segment, base_name, started_at, ended_at, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'recording')`).run(
        recordingId, input.callId, input.conversationId, input.agentName, input.endUserName, input.endUserPhone, input.direction,
        input.plan.composition, input.plan.video ? 1 : 0, input.segment ?? 1, baseName, input.startedAt,
      );
      const ins = this.db.prepare(`INSERT INTO legs (id, recording_id, leg, file_name, mime_type, state) VALUES (?, ?, ?, ?, ?, 'recording')`);
      for (const l of legs) ins.run(l.legId, recordingId, l.leg, l.fileName, input.mimeType);
    })();
  }

  /**
   * Appends chunk `seq` (0-based) of a leg. A repeated chunk (seq below the count) is ignored so a retried
   * bridge call cannot duplicate data; a gap is refused.
   */
  appendChunk(legId: string, seq: number, data: Uint8Array): { chunkCount: number; bytes: number } {
    const leg = this.leg(legId);
    if (!leg) throw new RecordingCacheError('unknown_leg', `No recording leg ${legId}.`);
    if (leg.state !== 'recording') throw new RecordingCacheError('leg_closed', `Recording leg ${legId} is already finished.`);
    if (data.byteLength > MAX_CHUNK_BYTES) throw new RecordingCacheError('chunk_too_large', `A recording chunk may be at most ${MAX_CHUNK_BYTES} bytes.`);
    if (seq < leg.chunk_count) return { chunkCount: leg.chunk_count, bytes: leg.bytes };
    if (seq > leg.chunk_count) throw new RecordingCacheError('chunk_gap', `Recording leg ${legId} expected chunk ${leg.chunk_count}, got ${seq}.`);
    const fd = this.fdFor(legId);
    // Write at the indexed offset: bytes left over from an append whose index update was lost are overwritten.
    let written = 0;
    while (written < data.byteLength) written += writeSync(fd, data, written, data.byteLength - written, leg.bytes + written);
    fsyncSync(fd);
    const bytes = leg.bytes + data.byteLength;
    this.db.prepare('UPDATE legs SET chunk_count = ?, bytes = ?, last_chunk_at = ? WHERE id = ?').run(seq + 1, bytes, this.now(), legId);
    return { chunkCount: seq + 1, bytes };
  }

  /** Closes one leg (e.g. the recorder stopped); the recording finishes when its last leg does. Safe to repeat. */
  finishLeg(legId: string): void {
    const leg = this.leg(legId);
    if (!leg) return;
    if (leg.state === 'recording') {
      this.closeFd(legId);
      this.sealLeg(leg);
    }
    this.db.prepare(`UPDATE recordings SET state = 'finished', ended_at = COALESCE(ended_at, ?)
      WHERE id = ? AND state = 'recording' AND NOT EXISTS (SELECT 1 FROM legs WHERE recording_id = ? AND state = 'recording')`)
      .run(this.now(), leg.recording_id, leg.recording_id);
  }

  finishRecording(recordingId: string, endedAt = this.now()): void {
    this.db.prepare('UPDATE recordings SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(endedAt, recordingId);
    for (const l of this.legsOf(recordingId)) this.finishLeg(l.id);
  }

  /** At start-up: seals everything a crash or kill left open. Returns the recordings it finalised. */
  finaliseInterrupted(): string[] {
    const open = this.db.prepare(`SELECT * FROM recordings WHERE state = 'recording'`).all() as RecordingRow[];
    for (const r of open) {
      const legs = this.legsOf(r.id);
      const last = Math.max(r.started_at, ...legs.map((l) => l.last_chunk_at ?? r.started_at));
      this.db.prepare('UPDATE recordings SET ended_at = COALESCE(ended_at, ?) WHERE id = ?').run(last, r.id);
      for (const l of legs) if (l.state === 'recording') this.finishLeg(l.id);
    }
    // Files of uploaded legs whose deletion failed earlier (e.g. the disk was read-only then).
    for (const { id } of this.db.prepare(`SELECT id FROM legs WHERE state = 'uploaded'`).all() as { id: string }[]) {
      rmSync(this.filePath(id), { force: true });
    }
    return open.map((r) => r.id);
  }

  private sealLeg(leg: LegRow): void {
    const file = this.filePath(leg.id);
    if (leg.bytes === 0) {
      // Nothing was captured: there is no playable file to keep or upload.
      rmSync(file, { force: true });
      this.db.prepare('DELETE FROM legs WHERE id = ?').run(leg.id);
      return;
    }
    if (!existsSync(file)) {
      this.db.prepare(`UPDATE legs SET state = 'ready', last_error = ? WHERE id = ?`).run('The local file is missing.', leg.id);
      return;
    }
    const fd = openSync(file, 'r+');
    try {
      // A chunk half-written when the process died is cut off: the file ends at the last indexed boundary.
      if (fstatSync(fd).size > leg.bytes) ftruncateSync(fd, leg.bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const sha = createHash('sha256');
    const buf = Buffer.alloc(1 << 20);
    const rfd = openSync(file, 'r');
    try {
      for (let pos = 0; ;) {
        const n = readSync(rfd, buf, 0, buf.length, pos);
        if (n === 0) break;
        sha.update(buf.subarray(0, n));
        pos += n;
      }
    } finally {
      closeSync(rfd);
    }
    this.db.prepare(`UPDATE legs SET state = 'ready', sha256 = ? WHERE id = ?`).run(sha.digest('hex'), leg.id);
  }

  leg(legId: string): LegRow | undefined {
    return this.db.prepare('SELECT * FROM legs WHERE id = ?').get(legId) as LegRow | undefined;
  }

  legsOf(recordingId: string): LegRow[] {
    return this.db.prepare('SELECT * FROM legs WHERE recording_id = ? ORDER BY leg').all(recordingId) as LegRow[];
  }

  listLegs(): (LegRow & { call_id: string; base_name: string })[] {
    return this.db.prepare(`SELECT legs.*, recordings.call_id, recordings.base_name FROM legs JOIN recordings ON recordings.id = legs.recording_id
      ORDER BY recordings.started_at, legs.leg`).all() as (LegRow & { call_id: string; base_name: string })[];
  }

  /** Ready legs whose next attempt is due, oldest first. */
  dueUploads(now = this.now(), limit = 10): PendingUpload[] {
    const rows = this.db.prepare(`SELECT legs.*, r.call_id AS r_call_id, r.conversation_id AS r_conversation_id, r.agent_name AS r_agent_name,
        r.end_user_name AS r_end_user_name, r.end_user_phone AS r_end_user_phone, r.direction AS r_direction,
        r.started_at AS r_started_at, r.ended_at AS r_ended_at
      FROM legs JOIN recordings r ON r.id = legs.recording_id
      WHERE legs.state = 'ready' AND legs.next_attempt_at <= ? AND legs.sha256 IS NOT NULL
      ORDER BY legs.next_attempt_at, r.started_at LIMIT ?`).all(now, limit) as (LegRow & Record<string, unknown>)[];
    return rows.map((row) => ({
      leg: row,
      filePath: this.filePath(row.id),
      metadata: {
        recordingId: row.id,
        fileName: row.file_name,
        conversationId: row.r_conversation_id as string | null,
        callId: row.r_call_id as string,
        agentName: row.r_agent_name as string,
        endUserName: row.r_end_user_name as string | null,
        endUserPhone: row.r_end_user_phone as string | null,
        direction: row.r_direction as 'inbound' | 'outbound',
        leg: row.leg,
        startedAt: isoUtc(row.r_started_at as number),
        endedAt: isoUtc((row.r_ended_at as number | null) ?? (row.r_started_at as number)),
      },
    }));
  }

  nextDueAt(): number | null {
    const r = this.db.prepare(`SELECT MIN(next_attempt_at) AS t FROM legs WHERE state = 'ready' AND sha256 IS NOT NULL`).get() as { t: number | null };
    return r.t;
  }

  /**
   * The server confirmed the checksum: only now is the local file removed. The index is updated first: a file
   * left behind (the delete failed) is swept at the next start, whereas a missing file of a leg still
   * marked ready could never be uploaded.
   */
  markUploaded(legId: string, serverId: string): void {
    this.db.prepare(`UPDATE legs SET state = 'uploaded', server_id = ?, uploaded_at = ?, last_error = NULL WHERE id = ?`).run(serverId, this.now(), legId);
    rmSync(this.filePath(legId), { force: true });
  }

  markFailed(legId: string, error: string, nextAttemptAt: number): void {
    this.db.prepare('UPDATE legs SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?').run(error.slice(0, 1000), nextAttemptAt, legId);
  }

  /** Makes every waiting upload due now (back online, or the user pressed retry). */
  retryAllNow(): void {
    this.db.prepare(`UPDATE legs SET next_attempt_at = 0 WHERE state = 'ready'`).run();
  }

  close(): void {
    for (const id of [...this.fds.keys()]) this.closeFd(id);
    this.db.close();
  }

  private fdFor(legId: string): number {
    let fd = this.fds.get(legId);
    if (fd === undefined) {
      fd = openSync(this.filePath(legId), existsSync(this.filePath(legId)) ? 'r+' : 'w+');
      this.fds.set(legId, fd);
    }
    return fd;
  }

  private closeFd(legId: string): void {
    const fd = this.fds.get(legId);
    if (fd !== undefined) {
      this.fds.delete(legId);
      closeSync(fd);
    }
  }
}

/** Streams a ready leg's file (for uploaders). */
export const openLegStream = (filePath: string) => createReadStream(filePath);
