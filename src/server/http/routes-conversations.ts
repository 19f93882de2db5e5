// Conversations: agents see their own (and unassigned ones), supervisors all of the account.
// The desktop reports hold periods and recordings as timeline events.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ConversationEventInputSchema, ConversationListQuerySchema, ConversationPatchSchema, formatDuration,
  type Conversation, type ConversationDetail,
} from '../../shared/companion-cc.js';
import type { User } from '../accounts/users-repo.js';
import { currentUser } from './auth.js';
import { ApiError, parse } from './errors.js';
import type { Services } from './services.js';

const IdParamSchema = z.object({ id: z.string().min(1).max(100) });

const canSee = (user: User, c: Conversation): boolean =>
  user.role === 'supervisor' || c.assigneeId === user.id || c.assigneeId === null;

export async function conversationRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const load = async (user: User, id: string): Promise<Conversation> => {
    const c = await s.conversations.get(user.accountId, id);
    // Someone else's conversation is reported as missing: agents do not learn which ids exist.
    if (!c || !canSee(user, c)) throw new ApiError(404, 'not_found', 'There is no such conversation.');
    return c;
  };
  const touched = (user: User, id: string) => s.events.append(user.accountId, { type: 'conversation.updated', conversationId: id });

  app.get('/api/conversations', async (req): Promise<{ conversations: Conversation[] }> => {
    const user = currentUser(req);
    const q = parse(ConversationListQuerySchema, req.query ?? {});
    const conversations = await s.conversations.list(user.accountId, {
      assigneeId: user.role === 'supervisor' ? undefined : user.id,
      status: q.status, openOnly: q.open === 'true', limit: q.limit,
    });
    return { conversations };
  });

  app.get('/api/conversations/:id', async (req): Promise<ConversationDetail> => {
    const user = currentUser(req);
    const { id } = parse(IdParamSchema, req.params);
    await load(user, id);
    const d = await s.conversations.detail(user.accountId, id);
    if (!d) throw new ApiError(404, 'not_found', 'There is no such conversation.');
    return { ...d, form: await s.forms.answersOf(id) };
  });

  app.patch('/api/conversations/:id', async (req): Promise<Conversation> => {
    const user = currentUser(req);
    const { id } = parse(IdParamSchema, req.params);
    const body = parse(ConversationPatchSchema, req.body);
    await load(user, id);
    await s.conversations.update(id, body);
    touched(user, id);
    return (await s.conversations.get(user.accountId, id))!;
  });

  app.post('/api/conversations/:id/events', async (req, reply) => {
    const user = currentUser(req);
    const { id } = parse(IdParamSchema, req.params);
    const body = parse(ConversationEventInputSchema, req.body);
    await load(user, id);
    switch (body.type) {
      case 'call.hold': {
        const ms = body.endedAt - body.startedAt;
        await s.conversations.addEvent(id, 'call.hold', `Call on hold (${formatDuration(ms)})`, user.id, { callId: body.callId, durationMs: ms, startedAt: body.startedAt, endedAt: body.endedAt });
        break;
      }
      case 'recording.made':
        await s.conversations.addEvent(id, 'recording.made', 'Recording made', user.id, { callId: body.callId, recordingId: body.recordingId ?? null });
        break;
      case 'callback':
        await s.conversations.addEvent(id, 'callback', body.text, user.id);
        break;
      case 'note':
        await s.conversations.addEvent(id, 'note', body.text, user.id);
        break;
    }
    touched(user, id);
    return reply.status(201).send({ ok: true });
  });
}
