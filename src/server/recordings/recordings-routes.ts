// HTTP API of the recording store, registered in its own authenticated scope (see docs/api.md).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
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
    setInterval(() => { void store.purge().catch((e: unknown) => log('error', 'recording purge failed', e)); }, deps.purgeIntervalMs ?? 3_600_000),
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

    scope.put('/api/recordings/uploads/:clientId', { bodyLimit: store.maxUploadBytes }, async (req, reply) => {
      const actor = actorOf(req);
      const { clientId } = parse(ClientIdParams, req.params);
      const body = req.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw new ApiError(415, 'unsupported_media_type', 'Send the recording as application/octet-stream.');
      const size = Number(req.headers['content-length']);
      if (!Number.isSafeInteger(size) || size <= 0) throw new ApiError(411, 'length_required', 'Send Content-Length with the recording.');
      const sha = String(req.headers['x-content-sha256'] ?? '');
      if (!/^[0-9a-f]{64}$/i.test(sha)) throw new ApiError(400, 'validation_error', 'Header x-content-sha256 must be the hex sha256 of the file.');
      let rawMeta: unknown;
      try {
        rawMeta = JSON.parse(Buffer.from(String(req.headers['x-recording-metadata'] ?? ''), 'base64url').toString('utf8'));
      } catch {
        throw new ApiError(400, 'validation_error', 'Header x-recording-metadata must be base64url-encoded JSON.');
      }
      const meta = parse(UploadMetadataSchema, rawMeta);
      const { item, created } = await store.upload(actor, clientId, meta, size, sha, body).catch(rethrow);
      if (created && (await store.config(actor.accountId)).sftp.enabled) {
        await store.markForExport(actor.accountId, item.id);
        void runExports().catch((e: unknown) => log('error', 'SFTP export pass failed', e));
      }
      return reply.status(created ? 201 : 200).send({ id: item.id, sha256: item.sha256, size: item.size });
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
