// The server's recording store: encrypted files under <dataDir>/recordings/<accountId>/, rows in SQLite,
// per-account segregation in every query, monthly quota, deletion audit, retention purge.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  DEFAULT_RECORDING_CONFIG, RecordingConfigSchema, SftpConfigSchema, type AuditEntry, type RecordingItem, type UploadMetadata,
} from '../../shared/recording-api.js';
import type { RecordingMetadata } from '../../shared/recording-metadata.js';
import { effectiveRecordingSettings, RecordingOverrideSchema, type RecordingOverride, type RecordingSettings } from '../../shared/recording-policy.js';
import { checkQuota, monthlyQuotaBytes, quotaMonth } from '../../shared/recording-quota.js';
import { retentionCutoff } from '../../shared/recording-retention.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { decryptingReadStream, encryptingStream } from './recording-crypto.js';
import type { RecordingsTable, RecordingTables } from './recordings-schema.js';

export class StoreError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

/** Stored form of the configuration: the SFTP password only as sealed ciphertext. */
export const StoredConfigSchema = RecordingConfigSchema.extend({
  sftp: SftpConfigSchema.omit({ password: true }).extend({ passwordSealed: z.string().max(2000).optional() }).strict(),
});
export type StoredConfig = z.infer<typeof StoredConfigSchema>;

export interface Actor { id: string; accountId: string; login: string; role: 'agent' | 'supervisor' }

const toItem = (r: RecordingsTable): RecordingItem => ({
  id: r.id, userId: r.user_id, fileName: r.file_name, mimeType: r.mime_type, conversationId: r.conversation_id, callId: r.call_id,
  agentName: r.agent_name, endUserName: r.end_user_name, endUserPhone: r.end_user_phone, direction: r.direction, leg: r.leg,
  startedAt: r.started_at, endedAt: r.ended_at, size: r.size, sha256: r.sha256, uploadedAt: new Date(r.created_at).toISOString(),
  sftp: r.sftp_state,
});

export const metadataOf = (r: RecordingItem): RecordingMetadata => ({
  recordingId: r.id, fileName: r.fileName, conversationId: r.conversationId, callId: r.callId, agentName: r.agentName,
  endUserName: r.endUserName, endUserPhone: r.endUserPhone, direction: r.direction, leg: r.leg, startedAt: r.startedAt, endedAt: r.endedAt,
});

export interface RecordingStoreOptions {
  db: Db;
  dataDir: string;
  fileKey: Buffer;
  now?: () => number;
  maxUploadBytes?: number;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

export class RecordingStore {
  readonly db: Kysely<Database & RecordingTables>;
  readonly root: string;
  readonly maxUploadBytes: number;
  private readonly now: () => number;

  constructor(private readonly o: RecordingStoreOptions) {
    this.db = o.db.withTables<RecordingTables>();
    this.root = path.join(o.dataDir, 'recordings');
    this.now = o.now ?? Date.now;
    this.maxUploadBytes = o.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  }

  accountDir(accountId: string): string {
    if (!/^[\w-]+$/.test(accountId)) throw new Error('Invalid account id.');
    return path.join(this.root, accountId);
  }

  filePath(accountId: string, id: string): string {
    return path.join(this.accountDir(accountId), `${id}.enc`);
  }

  // ------------------------------------------------------------ config

  async config(accountId: string): Promise<StoredConfig> {
    const row = await this.db.selectFrom('recording_config').select('value').where('account_id', '=', accountId).executeTakeFirst();
    if (!row) return structuredClone(DEFAULT_RECORDING_CONFIG);
    let stored: unknown;
    try { stored = JSON.parse(row.value); } catch { stored = {}; }
    const parsed = StoredConfigSchema.safeParse({ ...DEFAULT_RECORDING_CONFIG, ...(stored as object) });
    return parsed.success ? parsed.data : structuredClone(DEFAULT_RECORDING_CONFIG);
  }

  async saveConfig(accountId: string, config: StoredConfig): Promise<void> {
    const value = JSON.stringify(StoredConfigSchema.parse(config));
    await this.db.insertInto('recording_config').values({ account_id: accountId, value, updated_at: this.now() })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ value, updated_at: this.now() })).execute();
  }

  async override(userId: string): Promise<RecordingOverride | null> {
    const row = await this.db.selectFrom('recording_overrides').select('value').where('user_id', '=', userId).executeTakeFirst();
    return row ? (RecordingOverrideSchema.safeParse(JSON.parse(row.value)).data ?? null) : null;
  }

  async setOverride(userId: string, value: RecordingOverride | null): Promise<void> {
    if (value === null) {
      await this.db.deleteFrom('recording_overrides').where('user_id', '=', userId).execute();
      return;
    }
    const json = JSON.stringify(value);
    await this.db.insertInto('recording_overrides').values({ user_id: userId, value: json })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ value: json })).execute();
  }

  async effectivePolicy(accountId: string, userId: string): Promise<RecordingSettings> {
    return effectiveRecordingSettings((await this.config(accountId)).policy, await this.override(userId));
  }

  // ------------------------------------------------------------ quota

  async licensedAgents(accountId: string): Promise<number> {
    const r = await this.db.selectFrom('users').select(sql<number>`count(*)`.as('n'))
      .where('account_id', '=', accountId).where('role', '=', 'agent').executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async usage(accountId: string): Promise<{ month: string; usedBytes: number; quotaBytes: number }> {
    const month = quotaMonth(this.now());
    const r = await this.db.selectFrom('recording_usage').select('bytes').where('account_id', '=', accountId).where('month', '=', month).executeTakeFirst();
    const cfg = await this.config(accountId);
    return { month, usedBytes: r?.bytes ?? 0, quotaBytes: monthlyQuotaBytes(cfg.quotaGbPerAgent, await this.licensedAgents(accountId)) };
  }

  /** Refuses (507) a file that would take the account past this month's pooled quota. */
  async assertQuota(accountId: string, size: number): Promise<{ month: string; usedBytes: number; quotaBytes: number }> {
    const u = await this.usage(accountId);
    const q = checkQuota(u.usedBytes, size, u.quotaBytes);
    if (!q.ok) throw new StoreError(507, 'quota_exceeded', q.message);
    return u;
  }

  /** A completed upload of this desktop leg id, if any (resumable uploads ask before sending). */
  async byClientId(accountId: string, clientId: string): Promise<RecordingItem | null> {
    const row = await this.db.selectFrom('recordings').selectAll().where('account_id', '=', accountId).where('client_id', '=', clientId).executeTakeFirst();
    return row ? toItem(row) : null;
  }

  // ------------------------------------------------------------ upload

  /**
   * Stores one uploaded file: streams the body through sha256 + AES-GCM into a temporary file, checks size
   * and checksum, then commits the row and renames the file. Idempotent per (account, clientId).
   */
  async upload(actor: Actor, clientId: string, meta: UploadMetadata, declaredSize: number, declaredSha: string, body: Readable): Promise<{ item: RecordingItem; created: boolean }> {
    const existing = await this.db.selectFrom('recordings').selectAll().where('account_id', '=', actor.accountId).where('client_id', '=', clientId).executeTakeFirst();
    if (existing) {
      body.resume();
      if (existing.sha256 === declaredSha.toLowerCase()) return { item: toItem(existing), created: false };
      throw new StoreError(409, 'conflict', 'A different file was already uploaded under this id.');
    }
    if (declaredSize > this.maxUploadBytes) {
      throw new StoreError(413, 'payload_too_large', `A recording may be at most ${(this.maxUploadBytes / 1e9).toFixed(1)} GB.`);
    }
    const u = await this.assertQuota(actor.accountId, declaredSize);

    const id = randomUUID();
    const dir = this.accountDir(actor.accountId);
    mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `${id}.upload`);
    const enc = encryptingStream(this.o.fileKey);
    let seen = 0;
    const limit = declaredSize;
    body.on('data', (d: Buffer) => {
      seen += d.length;
      if (seen > limit) body.destroy(new StoreError(413, 'payload_too_large', 'The body is larger than its Content-Length.'));
    });
    try {
      await pipeline(body, enc, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      if (enc.plainBytes() !== declaredSize) throw new StoreError(400, 'incomplete_upload', `Received ${enc.plainBytes()} of ${declaredSize} bytes; send the file again.`);
      if (enc.sha256() !== declaredSha.toLowerCase()) throw new StoreError(422, 'checksum_mismatch', 'The file arrived damaged (sha256 differs); send it again.');
      const row: RecordingsTable = {
        id, account_id: actor.accountId, user_id: actor.id, client_id: clientId, file_name: meta.fileName, mime_type: meta.mimeType,
        conversation_id: meta.conversationId, call_id: meta.callId, agent_name: meta.agentName, end_user_name: meta.endUserName,
        end_user_phone: meta.endUserPhone, direction: meta.direction, leg: meta.leg, started_at: meta.startedAt, ended_at: meta.endedAt,
        size: declaredSize, sha256: enc.sha256(), sftp_state: 'none', sftp_error: null, created_at: this.now(),
      };
      renameSync(tmp, this.filePath(actor.accountId, id));
      try {
        await this.db.transaction().execute(async (trx) => {
          await trx.insertInto('recordings').values(row).execute();
          await trx.insertInto('recording_usage').values({ account_id: actor.accountId, month: u.month, bytes: declaredSize })
            .onConflict((oc) => oc.columns(['account_id', 'month']).doUpdateSet({ bytes: sql`bytes + ${declaredSize}` })).execute();
        });
      } catch (e) {
        rmSync(this.filePath(actor.accountId, id), { force: true });
        throw e;
      }
      return { item: toItem(row), created: true };
    } catch (e) {
      rmSync(tmp, { force: true });
      if (e instanceof StoreError) throw e;
      if (e instanceof Error && 'code' in e && (e.code === 'ERR_STREAM_PREMATURE_CLOSE' || e.code === 'ECONNRESET')) throw new StoreError(400, 'incomplete_upload', 'The upload was interrupted; send the file again.');
      throw e;
    }
  }

  // ------------------------------------------------------------ read

  /** Agents see their own recordings, supervisors every recording of their account; others get 404. */
  async get(actor: Actor, id: string): Promise<RecordingItem> {
    let q = this.db.selectFrom('recordings').selectAll().where('id', '=', id).where('account_id', '=', actor.accountId);
    if (actor.role !== 'supervisor') q = q.where('user_id', '=', actor.id);
    const row = await q.executeTakeFirst();
    if (!row) throw new StoreError(404, 'not_found', 'No such recording.');
    return toItem(row);
  }

  async list(actor: Actor, filter: { conversationId?: string; callId?: string; limit?: number }): Promise<RecordingItem[]> {
    let q = this.db.selectFrom('recordings').selectAll().where('account_id', '=', actor.accountId);
    if (actor.role !== 'supervisor') q = q.where('user_id', '=', actor.id);
    if (filter.conversationId) q = q.where('conversation_id', '=', filter.conversationId);
    if (filter.callId) q = q.where('call_id', '=', filter.callId);
    const rows = await q.orderBy('created_at', 'desc').limit(filter.limit ?? 500).execute();
    return rows.map(toItem);
  }

  async content(actor: Actor, id: string): Promise<{ item: RecordingItem; stream: Readable }> {
    const item = await this.get(actor, id);
    return { item, stream: decryptingReadStream(this.o.fileKey, this.filePath(actor.accountId, id)) };
  }

  /** Plaintext stream for internal use (SFTP export). */
  internalContent(accountId: string, id: string): Readable {
    return decryptingReadStream(this.o.fileKey, this.filePath(accountId, id));
  }

  // ------------------------------------------------------------ delete, audit, retention

  async delete(actor: Actor, id: string): Promise<void> {
    if (actor.role !== 'supervisor') throw new StoreError(403, 'forbidden', 'Only supervisors may delete recordings.');
    const item = await this.get(actor, id);
    rmSync(this.filePath(actor.accountId, id), { force: true });
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recordings').where('id', '=', id).where('account_id', '=', actor.accountId).execute();
      await trx.insertInto('recording_audit').values({
        account_id: actor.accountId, actor_user_id: actor.id, actor_login: actor.login, action: 'delete',
        recording_id: id, file_name: item.fileName, created_at: this.now(),
      }).execute();
    });
  }

  async audit(accountId: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('recording_audit').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').limit(1000).execute();
    return rows.map((r) => ({
      id: r.id, actorUserId: r.actor_user_id, actorLogin: r.actor_login, action: r.action, recordingId: r.recording_id,
      fileName: r.file_name, at: new Date(r.created_at).toISOString(),
    }));
  }

  /** Purges recordings and audit records past their account's retention periods. */
  async purge(now = this.now()): Promise<{ recordings: number; audit: number }> {
    let recordings = 0;
    let audit = 0;
    const accounts = await this.db.selectFrom('recordings').select('account_id').distinct().execute();
    const auditAccounts = await this.db.selectFrom('recording_audit').select('account_id').distinct().execute();
    const ids = new Set([...accounts, ...auditAccounts].map((a) => a.account_id));
    for (const accountId of ids) {
      const cfg = await this.config(accountId);
      const cutoff = retentionCutoff(cfg.retentionDays, now);
      if (cutoff !== null) {
        const old = await this.db.selectFrom('recordings').select('id').where('account_id', '=', accountId).where('created_at', '<=', cutoff).execute();
        for (const r of old) {
          rmSync(this.filePath(accountId, r.id), { force: true });
          await this.db.deleteFrom('recordings').where('id', '=', r.id).execute();
          recordings++;
        }
      }
      const auditCutoff = retentionCutoff(cfg.auditRetentionDays, now);
      if (auditCutoff !== null) {
        const res = await this.db.deleteFrom('recording_audit').where('account_id', '=', accountId).where('created_at', '<=', auditCutoff).executeTakeFirst();
        audit += Number(res.numDeletedRows);
      }
    }
    return { recordings, audit };
  }

  async setSftpState(id: string, state: RecordingsTable['sftp_state'], error: string | null): Promise<void> {
    await this.db.updateTable('recordings').set({ sftp_state: state, sftp_error: error }).where('id', '=', id).execute();
  }

  async pendingExports(limit = 20): Promise<RecordingsTable[]> {
    return this.db.selectFrom('recordings').selectAll().where('sftp_state', 'in', ['pending', 'failed']).orderBy('created_at').limit(limit).execute();
  }

  async markForExport(accountId: string, id: string): Promise<void> {
    await this.db.updateTable('recordings').set({ sftp_state: 'pending', sftp_error: null }).where('id', '=', id).where('account_id', '=', accountId).execute();
  }

  static toItem = toItem;
}
