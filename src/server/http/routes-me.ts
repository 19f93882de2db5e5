// The signed-in user's own routes: profile, status, wrap-up.
import type { FastifyInstance } from 'fastify';
import type { Me, WrapUpSettings } from '../../shared/companion-api.js';
import {
  HoldUpdateSchema, StatusUpdateSchema, WrapUpFinishRequestSchema, WrapUpStartRequestSchema, type WrapUpStartResponse,
} from '../../shared/companion-admin.js';
import type { ConversationStatus } from '../../shared/companion-cc.js';
import type { User } from '../accounts/users-repo.js';
import type { WrapUpState } from '../presence/presence.js';
import { WrapUpError } from '../wrapup/wrapup-service.js';
import { currentUser } from './auth.js';
import { ApiError, parse } from './errors.js';
import { meOf, type Services } from './services.js';

/** Wrap-up notes and status go to the call's conversation (§10.3), when the agent may edit it. */
async function saveToConversation(s: Services, user: User, w: WrapUpState, body: { notes?: string; status?: ConversationStatus }): Promise<void> {
  const c = w.conversationId
    ? await s.conversations.get(user.accountId, w.conversationId)
    : await s.conversations.byCallId(user.accountId, w.callId);
  if (!c || (c.assigneeId !== null && c.assigneeId !== user.id)) return;
  const notes = body.notes?.trim() ? (c.notes ? `${c.notes}\n\n${body.notes.trim()}` : body.notes.trim()) : undefined;
  await s.conversations.update(c.id, { status: body.status, notes });
  s.events.append(user.accountId, { type: 'conversation.updated', conversationId: c.id });
}

export async function meRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/me', async (req): Promise<Me> => meOf(s, currentUser(req)));

  app.put('/api/me/status', async (req): Promise<Me> => {
    const user = currentUser(req);
    const { status } = parse(StatusUpdateSchema, req.body);
    s.presence.add(user);
    await s.presence.setSelected(user.id, status);
    return meOf(s, { ...user, status });
  });

  // "On hold" is set by the system, not picked (§3.4): live status is On hold while any call is held.
  app.put('/api/me/hold', async (req): Promise<Me> => {
    const user = currentUser(req);
    const { callId, on } = parse(HoldUpdateSchema, req.body);
    s.presence.add(user);
    s.presence.setHold(user.id, callId, on);
    return meOf(s, user);
  });

  app.get('/api/me/wrapup-settings', async (req): Promise<WrapUpSettings> => {
    const user = currentUser(req);
    return s.settings.effectiveWrapUp(user.accountId, user.id);
  });

  app.post('/api/me/wrapup/start', async (req): Promise<WrapUpStartResponse> => {
    const user = currentUser(req);
    const body = parse(WrapUpStartRequestSchema, req.body);
    s.presence.add(user);
    return s.wrapUp.start(user.id, body.callId, body.conversationId ?? null);
  });

  app.post('/api/me/wrapup/extend', async (req) => {
    const user = currentUser(req);
    try {
      return s.wrapUp.extend(user.id);
    } catch (e) {
      if (e instanceof WrapUpError) throw new ApiError(409, e.code, e.message);
      throw e;
    }
  });

  app.post('/api/me/wrapup/finish', async (req, reply) => {
    const user = currentUser(req);
    const body = parse(WrapUpFinishRequestSchema, req.body ?? {});
    const w = s.presence.get(user.id)?.wrapUp ?? null;
    await s.wrapUp.finish(user.id, body);
    if (w && (body.notes !== undefined || body.status !== undefined)) await saveToConversation(s, user, w, body);
    return reply.status(204).send();
  });
}
