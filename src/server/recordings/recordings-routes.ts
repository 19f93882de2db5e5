// HTTP API of the recording store, registered in its own authenticated scope (see docs/api.md).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { UsersRepo } from '../accounts/users-repo.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import { currentUser, requireSupervisor, requireUser } from '../http/auth.js';
import { ApiError, parse } from '../http/errors.js';
import {
  AgentOverrideUpdateSchema, RecordingConfigUpdateSchema, UploadMetadataSchema, type RecordingConfigView,
} from '../../shared/recording-api.js';
import { metadataCsv, metadataJson } from '../../shared/recording-metadata.js';
import { settingsChangeError } from '../../shared/recording-policy.js';
import { deriveKey, loadOrCreateRecordingKey, openSecret, sealSecret } from './recording-crypto.js';
import { metadataOf, RecordingStore, StoreError, type Actor, type StoredConfig } from './recording-store.js';
import { exportToSftp, jsonNameFor } from './sftp-export.js';
import { UploadSessions } from './upload-sessions.js';

export interface RecordingDeps {
  db: Db;
  dataDir: string;
  tokens: TokenSigner;
  users: UsersRepo;
  /** 32-byte key material; default COMPANION_RECORDING_KEY, else a key file generated in the data dir. */
  key?: string;
  maxUploadBytes?: number;
  /** Background work intervals (purge hourly, SFTP retries every 30 s by default). */
  purgeIntervalMs?: number;
  exportIntervalMs?: number;
  log?: (level: 'warn' | 'error', msg: string, err?: unknown) => void;
}

const IdParams = z.object({ id: z.string().min(1).max(100) });
const ClientIdParams = z.object({ clientId: z.string().regex(/^[\w-]{1,100}$/) });
const ListQuery = z.object({ conversationId: z.string().max(200).optional(), callId: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() });
const UserParams = z.object({ userId: z.string().min(1).max(100) });
const byteCount = (name: string) => z.string({ error: `Header ${name} must be a byte count.` }).regex(/^\d{1,15}$/, `Header ${name} must be a byte count.`).transform(Number);
const PartHeadersSchema = z.object({
  'upload-offset': byteCount('Upload-Offset'),
  'upload-length': byteCount('Upload-Length').refine((n) => n > 0, 'Header Upload-Length must be more than 0.'),
  'content-length': byteCount('Content-Length'),
});
/** Unfinished resumable uploads are dropped after a week without a new part. */
const STALE_UPLOAD_MS = 7 * 24 * 3_600_000;

/** The whole file's checksum and metadata, sent with every upload request (whole or part). */
function uploadHeaders(req: FastifyRequest) {
  const sha = String(req.headers['x-content-sha256'] ?? '');
  if (!/^[0-9a-f]{64}$/i.test(sha)) throw new ApiError(400, 'validation_error', 'Header x-content-sha256 must be the hex sha256 of the file.');
  let rawMeta: unknown;
  try {
    rawMeta = JSON.parse(Buffer.from(String(req.headers['x-recording-metadata'] ?? ''), 'base64url').toString('utf8'));
  } catch {
    throw new ApiError(400, 'validation_error', 'Header x-recording-metadata must be base64url-encoded JSON.');
  }
  return { sha: sha.toLowerCase(), meta: parse(UploadMetadataSchema, rawMeta) };
}

function streamBody(req: FastifyRequest): Readable {
  const body = req.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') throw new ApiError(415, 'unsupported_media_type', 'Send the recording as application/octet-stream.');
  return body;
}

const actorOf = (req: FastifyRequest): Actor => {
  const u = currentUser(req);
  return { id: u.id, accountId: u.accountId, login: u.login, role: u.role };
};

/** `attachment; filename="ascii"; filename*=UTF-8''utf8` so every browser saves the exact name. */
export const contentDisposition = (name: string): string =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const rethrow = (e: unknown): never => {
  if (e instanceof StoreError) throw new ApiError(e.status, e.code, e.message);
  throw e;
};

export interface RecordingsHandle {
  store: RecordingStore;
  /** Runs pending SFTP exports now (also runs on a timer). */
  runExports(): Promise<void>;
}

export async function registerRecordings(app: FastifyInstance, deps: RecordingDeps): Promise<RecordingsHandle> {
  const key = loadOrCreateRecordingKey(deps.dataDir, deps.key ?? process.env.COMPANION_RECORDING_KEY);
  const store = new RecordingStore({ db: deps.db, dataDir: deps.dataDir, fileKey: deriveKey(key, 'files'), maxUploadBytes: deps.maxUploadBytes });
  const secretsKey = deriveKey(key, 'secrets');
  const sessions = new UploadSessions({ accountDir: (a) => store.accountDir(a), fileKey: deriveKey(key, 'files') });
  const purgeStaleUploads = () => {
    let accounts: string[] = [];
    try { accounts = readdirSync(store.root); } catch { /* nothing stored yet */ }
    for (const a of accounts) if (/^[\w-]+$/.test(a)) sessions.purgeStale(a, STALE_UPLOAD_MS);
  };
  const log = deps.log ?? (() => undefined);

  const view = (c: StoredConfig): RecordingConfigView => {
    const { passwordSealed, ...sftp } = c.sftp;
    return { ...c, sftp: { ...sftp, passwordSet: !!passwordSealed } };
  };

  let exporting: Promise<void> | undefined;
  let again = false;
  // Work queued while a pass runs is picked up by one more pass, not left for the timer.
  const runExports = (): Promise<void> => {
    if (exporting) { again = true; return exporting; }
    exporting = (async () => {
      try {
        do {
          again = false;
          await exportPass();
        } while (again);
      } finally {
        exporting = undefined;
      }
    })();
    return exporting;
  };
  const exportPass = async (): Promise<void> => {
    for (const r of await store.pendingExports()) {
      const cfg = await store.config(r.account_id);
      const { sftp } = cfg;
      if (!sftp.enabled) { await store.setSftpState(r.id, 'none', null); continue; }
      try {
        const item = RecordingStore.toItem(r);
        await exportToSftp({
          host: sftp.host, port: sftp.port, path: sftp.path, username: sftp.username, hostFingerprint: sftp.hostFingerprint,
          password: sftp.passwordSealed ? openSecret(secretsKey, sftp.passwordSealed) : '',
        }, [
          { name: item.fileName, content: () => store.internalContent(r.account_id, r.id) },
          { name: jsonNameFor(item.fileName), content: () => Buffer.from(metadataJson(metadataOf(item))) },
        ]);
        await store.setSftpState(r.id, 'done', null);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        await store.setSftpState(r.id, 'failed', msg.slice(0, 500));
        log('warn', `SFTP export of ${r.file_name} failed: ${msg}`);
      }
    }
  };

  const timers = [
    setInterval(() => {
      void store.purge().catch((e: unknown) => log('error', 'recording purge failed', e));
      purgeStaleUploads();
    }, deps.purgeIntervalMs ?? 3_600_000),
    setInterval(() => { void runExports().catch((e: unknown) => log('error', 'SFTP export pass failed', e)); }, deps.exportIntervalMs ?? 30_000),
  ];
  for (const t of timers) t.unref();
  app.addHook('onClose', async () => {
    for (const t of timers) clearInterval(t);
    await exporting?.catch(() => undefined);
  });
  void store.purge().catch((e: unknown) => log('error', 'recording purge failed', e));

  await app.register(async (scope) => {
    scope.addHook('onRequest', requireUser(deps.tokens, deps.users));
    // The upload body is streamed to disk, not buffered: hand the raw stream to the handler.
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

    const exportIfEnabled = async (accountId: string, id: string): Promise<void> => {
      if (!(await store.config(accountId)).sftp.enabled) return;
      await store.markForExport(accountId, id);
      void runExports().catch((e: unknown) => log('error', 'SFTP export pass failed', e));
    };

    scope.put('/api/recordings/uploads/:clientId', { bodyLimit: store.maxUploadBytes }, async (req, reply) => {
      const actor = actorOf(req);
      const { clientId } = parse(ClientIdParams, req.params);
      const body = streamBody(req);
      const size = Number(req.headers['content-length']);
      if (!Number.isSafeInteger(size) || size <= 0) throw new ApiError(411, 'length_required', 'Send Content-Length with the recording.');
      const { sha, meta } = uploadHeaders(req);
      const { item, created } = await store.upload(actor, clientId, meta, size, sha, body).catch(rethrow);
      if (created) await exportIfEnabled(actor.accountId, item.id);
      return reply.status(created ? 201 : 200).send({ id: item.id, sha256: item.sha256, size: item.size });
    });

    // Resumable upload: where to continue (the server-confirmed offset), or the stored copy when complete.
    scope.get('/api/recordings/uploads/:clientId', async (req) => {
      const actor = actorOf(req);
      const { clientId } = parse(ClientIdParams, req.params);
      const done = await store.byClientId(actor.accountId, clientId);
      if (done) return { complete: true, offset: done.size, id: done.id, sha256: done.sha256, size: done.size };
      const session = sessions.session(actor.accountId, clientId);
      if (session && session.userId !== actor.id) throw new ApiError(404, 'not_found', 'No such upload.');
      return { complete: false, offset: session ? sessions.offset(actor.accountId, clientId) : 0 };
    });

    // One part [Upload-Offset, Upload-Offset + Content-Length) of a file of Upload-Length bytes. The last
    // part completes the upload: the whole file's sha256 is checked before it is stored.
    scope.patch('/api/recordings/uploads/:clientId', { bodyLimit: store.maxUploadBytes }, async (req, reply) => {
      const actor = actorOf(req);
      const { clientId } = parse(ClientIdParams, req.params);
      const h = parse(PartHeadersSchema, req.headers);
      // An empty part (offset = length) only asks the server to finish an upload whose parts it already has.
      const body = h['content-length'] > 0 ? streamBody(req) : Readable.from([]);
      const { sha, meta } = uploadHeaders(req);
      const offset = h['upload-offset'];
      const total = h['upload-length'];
      const length = h['content-length'];
      if (total > store.maxUploadBytes) throw new ApiError(413, 'payload_too_large', `A recording may be at most ${(store.maxUploadBytes / 1e9).toFixed(1)} GB.`);
      if (offset + length > total) throw new ApiError(400, 'validation_error', 'The part goes past Upload-Length.');
      if (length === 0 && offset < total) throw new ApiError(400, 'validation_error', 'An empty part cannot continue an upload.');
      return sessions.exclusive(actor.accountId, clientId, async () => {
        const done = await store.byClientId(actor.accountId, clientId);
        if (done) {
          body.resume();
          if (done.sha256 !== sha) throw new ApiError(409, 'conflict', 'A different file was already uploaded under this id.');
          return reply.status(200).send({ complete: true, offset: done.size, id: done.id, sha256: done.sha256, size: done.size });
        }
        const existing = sessions.session(actor.accountId, clientId);
        if (existing && existing.userId !== actor.id) { body.resume(); throw new ApiError(404, 'not_found', 'No such upload.'); }
        const confirmed = existing ? sessions.offset(actor.accountId, clientId) : 0;
        if (offset !== confirmed) {
          body.resume();
          throw new ApiError(409, 'offset_mismatch', `This upload continues at byte ${confirmed}.`);
        }
        try {
          // Quota is checked before the first byte is kept, and again when the file is complete.
          if (confirmed === 0) await store.assertQuota(actor.accountId, total);
          sessions.open(actor.accountId, clientId, { userId: actor.id, total, sha256: sha, meta });
        } catch (e) {
          body.resume();
          rethrow(e);
        }
        const next = length > 0 ? await sessions.appendPart(actor.accountId, clientId, offset, length, body).catch(rethrow) : offset;
        if (next < total) return reply.status(200).send({ complete: false, offset: next });
        const session = sessions.session(actor.accountId, clientId);
        if (!session) throw new ApiError(409, 'offset_mismatch', 'The upload session is gone; start again at byte 0.');
        try {
          const { item, created } = await store.upload(actor, clientId, session.meta, total, session.sha256, sessions.plaintext(actor.accountId, clientId));
          sessions.discard(actor.accountId, clientId);
          if (created) await exportIfEnabled(actor.accountId, item.id);
          return reply.status(created ? 201 : 200).send({ complete: true, offset: total, id: item.id, sha256: item.sha256, size: item.size });
        } catch (e) {
          // Damaged parts cannot be told apart: the desktop sends the file again from byte 0.
          if (e instanceof StoreError && (e.code === 'checksum_mismatch' || e.code === 'incomplete_upload')) sessions.discard(actor.accountId, clientId);
          return rethrow(e);
        }
      });
    });

    scope.get('/api/recordings', async (req) => {
      const q = parse(ListQuery, req.query);
      return { recordings: await store.list(actorOf(req), q) };
    });

    scope.get('/api/recordings/usage', async (req) => {
      const actor = actorOf(req);
      requireSupervisor(req);
      return store.usage(actor.accountId);
    });

    scope.get('/api/recordings/audit', async (req) => {
      const actor = actorOf(req);
      requireSupervisor(req);
      return { audit: await store.audit(actor.accountId) };
    });

    scope.get('/api/recordings/config', async (req) => {
      const actor = actorOf(req);
      requireSupervisor(req);
      return view(await store.config(actor.accountId));
    });

    scope.put('/api/recordings/config', async (req) => {
      const actor = actorOf(req);
      requireSupervisor(req);
      const update = parse(RecordingConfigUpdateSchema, req.body);
      const current = await store.config(actor.accountId);
      if (update.policy) {
        const err = settingsChangeError(current.policy, update.policy);
        if (err) throw new ApiError(409, 'recording_enabled', err);
      }
      let sftp = current.sftp;
      if (update.sftp) {
        const { password, ...rest } = update.sftp;
        const sealed = password !== undefined ? (password === '' ? undefined : sealSecret(secretsKey, password)) : current.sftp.passwordSealed;
        sftp = { ...rest, ...(sealed ? { passwordSealed: sealed } : {}) };
        if (rest.enabled && (!rest.host || !rest.username || !sealed)) {
          throw new ApiError(400, 'validation_error', 'SFTP export needs host, username and password.');
        }
      }
      const { sftp: _ignored, ...plain } = update;
      await store.saveConfig(actor.accountId, { ...current, ...plain, sftp });
      return view(await store.config(actor.accountId));
    });

    scope.get('/api/me/recording-policy', async (req) => {
      const actor = actorOf(req);
      return store.effectivePolicy(actor.accountId, actor.id);
    });

    scope.put('/api/recordings/overrides/:userId', async (req) => {
      const actor = actorOf(req);
      requireSupervisor(req);
      const { userId } = parse(UserParams, req.params);
      const target = await deps.users.byId(userId);
      if (!target || target.accountId !== actor.accountId) throw new ApiError(404, 'not_found', 'No such agent.');
      const value = parse(AgentOverrideUpdateSchema, req.body ?? null);
      await store.setOverride(userId, value);
      return store.effectivePolicy(actor.accountId, userId);
    });

    scope.get('/api/recordings/:id', async (req) => store.get(actorOf(req), parse(IdParams, req.params).id).catch(rethrow));

    scope.get('/api/recordings/:id/content', async (req, reply) => {
      const { item, stream } = await store.content(actorOf(req), parse(IdParams, req.params).id).catch(rethrow);
      return reply.header('content-type', item.mimeType.split(';')[0] ?? 'application/octet-stream')
        .header('content-length', String(item.size))
        .header('content-disposition', contentDisposition(item.fileName))
        .header('cache-control', 'private, no-store')
        .send(stream);
    });

    scope.get('/api/recordings/:id/metadata.csv', async (req, reply) => {
      const item = await store.get(actorOf(req), parse(IdParams, req.params).id).catch(rethrow);
      return reply.header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(jsonNameFor(item.fileName).replace(/\.json$/, '.csv')))
        .send(metadataCsv([metadataOf(item)]));
    });

    scope.post('/api/recordings/:id/export', async (req, reply) => {
      const actor = actorOf(req);
      requireSupervisor(req);
      const item = await store.get(actor, parse(IdParams, req.params).id).catch(rethrow);
      await store.markForExport(actor.accountId, item.id);
      await runExports();
      return reply.send(await store.get(actor, item.id));
    });

    scope.delete('/api/recordings/:id', async (req, reply) => {
      const actor = actorOf(req);
      await store.delete(actor, parse(IdParams, req.params).id).catch(rethrow);
      return reply.status(204).send();
    });
  });

  return { store, runExports };
}
