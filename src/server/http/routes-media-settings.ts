// Supervisor settings for what callers hear (spec §5, §6): waiting strategies, hold configurations and
// uploaded audio (≤ 4 MB, checked by content). Data and validation only; playing them comes later.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  HoldConfigSchema, WaitingStrategyInputSchema,
  type AudioFile, type HoldConfig, type WaitingStrategy, type WaitingStrategyInput,
} from '../../shared/companion-cc.js';
import type { Db } from '../db/database.js';
import { AUDIO_MAX_BYTES, checkAudioUpload } from '../settings/audio-validation.js';
import { currentUser, requireSupervisor } from './auth.js';
import { ApiError, parse } from './errors.js';
import type { Services } from './services.js';
import { supervisorRead, supervisorWrite } from './supervisor-route.js';

const IdParamSchema = z.object({ id: z.string().min(1).max(100) });
const QueueParamSchema = z.object({ name: z.string().min(1).max(100) });
const AudioQuerySchema = z.object({ name: z.string().min(1, { error: 'Give the file name in "?name=".' }).max(200) }).strict();

/** Every audio id a strategy or hold configuration refers to must be an uploaded file of the account. */
async function audioIdsOf(x: WaitingStrategyInput | HoldConfig): Promise<string[]> {
  const ids: string[] = [];
  const part = (p: { source: { kind: string; audioId?: string } | null }) => { if (p.source?.kind === 'file' && p.source.audioId) ids.push(p.source.audioId); };
  if ('greeting' in x) {
    part(x.greeting); part(x.announcement); part(x.maxWaitMessage);
    if (x.musicOnHold.audioId) ids.push(x.musicOnHold.audioId);
  } else {
    part(x.announcement);
    if (x.musicAudioId) ids.push(x.musicAudioId);
  }
  return ids;
}

export async function mediaSettingsRoutes(app: FastifyInstance, s: Services, db: Db): Promise<void> {
  const checkAudio = async (accountId: string, x: WaitingStrategyInput | HoldConfig) => {
    for (const id of await audioIdsOf(x)) {
      const row = await db.selectFrom('audio_files').select('id').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      if (!row) throw new ApiError(400, 'validation_error', `There is no uploaded audio file "${id}".`);
    }
  };

  app.get('/api/settings/waiting-strategies', async (req): Promise<{ strategies: WaitingStrategy[] }> =>
    ({ strategies: await s.settings.waitingStrategies(requireSupervisor(req).accountId) }));

  app.post('/api/settings/waiting-strategies', async (req, reply) => {
    const me = requireSupervisor(req);
    const body = parse(WaitingStrategyInputSchema, req.body);
    await checkAudio(me.accountId, body);
    const list = await s.settings.waitingStrategies(me.accountId);
    if (list.length >= 100) throw new ApiError(400, 'validation_error', 'At most 100 waiting strategies.');
    const created: WaitingStrategy = { ...body, id: randomUUID() };
    await s.settings.setWaitingStrategies(me.accountId, [...list, created]);
    return reply.status(201).send(created);
  });

  app.put('/api/settings/waiting-strategies/:id', async (req): Promise<WaitingStrategy> => {
    const me = requireSupervisor(req);
    const { id } = parse(IdParamSchema, req.params);
    const body = parse(WaitingStrategyInputSchema, req.body);
    await checkAudio(me.accountId, body);
    const list = await s.settings.waitingStrategies(me.accountId);
    if (!list.some((x) => x.id === id)) throw new ApiError(404, 'not_found', 'There is no such waiting strategy.');
    const updated: WaitingStrategy = { ...body, id };
    await s.settings.setWaitingStrategies(me.accountId, list.map((x) => (x.id === id ? updated : x)));
    return updated;
  });

  app.delete('/api/settings/waiting-strategies/:id', async (req, reply) => {
    const me = requireSupervisor(req);
    const { id } = parse(IdParamSchema, req.params);
    const list = await s.settings.waitingStrategies(me.accountId);
    if (!list.some((x) => x.id === id)) throw new ApiError(404, 'not_found', 'There is no such waiting strategy.');
    await s.settings.setWaitingStrategies(me.accountId, list.filter((x) => x.id !== id));
    return reply.status(204).send();
  });

  app.get('/api/settings/hold/default', supervisorRead((accountId): Promise<HoldConfig> => s.settings.holdConfig(accountId, null)));
  app.put('/api/settings/hold/default', supervisorWrite(HoldConfigSchema, async (accountId, body) => {
    await checkAudio(accountId, body);
    await s.settings.setHoldConfig(accountId, null, body);
  }));

  const queueFor = async (accountId: string, name: string) => {
    const q = await s.queues.byName(name);
    if (!q || q.accountId !== accountId) throw new ApiError(404, 'not_found', `There is no queue "${name}".`);
    return q;
  };

  /** The configuration in effect for the queue (its own when enabled, else the default). */
  app.get('/api/queues/:name/hold', async (req): Promise<HoldConfig> => {
    const me = currentUser(req);
    const q = await queueFor(me.accountId, parse(QueueParamSchema, req.params).name);
    if (me.role !== 'supervisor' && !q.memberIds.includes(me.id)) throw new ApiError(404, 'not_found', `There is no queue "${q.name}".`);
    return s.settings.holdConfig(me.accountId, q.id);
  });

  app.put('/api/queues/:name/hold', async (req): Promise<HoldConfig> => {
    const me = requireSupervisor(req);
    const q = await queueFor(me.accountId, parse(QueueParamSchema, req.params).name);
    const body = parse(HoldConfigSchema, req.body);
    await checkAudio(me.accountId, body);
    await s.settings.setHoldConfig(me.accountId, q.id, body);
    return body;
  });

  await app.register(async (upload) => {
    // Raw bytes; a little over 4 MB is let through so the check below can answer with the audio message.
    upload.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: AUDIO_MAX_BYTES + 64 * 1024 }, (_req, body, done) => done(null, body));

    upload.post('/api/audio', { bodyLimit: AUDIO_MAX_BYTES + 64 * 1024 }, async (req, reply) => {
      const me = requireSupervisor(req);
      const { name } = parse(AudioQuerySchema, req.query ?? {});
      if (!Buffer.isBuffer(req.body)) throw new ApiError(415, 'unsupported_media_type', 'Send the audio file as application/octet-stream.');
      const check = checkAudioUpload(name, req.body);
      if (!check.ok) throw new ApiError(400, 'validation_error', check.message);
      const file: AudioFile = { id: randomUUID(), name: name.replace(/[\r\n]/g, ' '), type: check.type, size: req.body.length, createdAt: Date.now() };
      await db.insertInto('audio_files').values({
        id: file.id, account_id: me.accountId, name: file.name, type: file.type, size: file.size, data: req.body, created_at: file.createdAt,
      }).execute();
      return reply.status(201).send(file);
    });
  });

  app.get('/api/audio', async (req): Promise<{ files: AudioFile[] }> => {
    const me = requireSupervisor(req);
    const rows = await db.selectFrom('audio_files').select(['id', 'name', 'type', 'size', 'created_at'])
      .where('account_id', '=', me.accountId).orderBy('created_at').execute();
    return { files: rows.map((r) => ({ id: r.id, name: r.name, type: r.type, size: r.size, createdAt: r.created_at })) };
  });
}
