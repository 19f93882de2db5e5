// The signed-in user's own routes: profile, status, wrap-up.
import type { FastifyInstance } from 'fastify';
import type { Me, WrapUpSettings } from '../../shared/companion-api.js';
import {
  StatusUpdateSchema, WrapUpFinishRequestSchema, WrapUpStartRequestSchema, type WrapUpStartResponse,
} from '../../shared/companion-admin.js';
import { WrapUpError } from '../wrapup/wrapup-service.js';
import { currentUser } from './auth.js';
import { ApiError, parse } from './errors.js';
import { meOf, type Services } from './services.js';

export async function meRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/me', async (req): Promise<Me> => meOf(s, currentUser(req)));

  app.put('/api/me/status', async (req): Promise<Me> => {
    const user = currentUser(req);
    const { status } = parse(StatusUpdateSchema, req.body);
    s.presence.add(user);
    await s.presence.setSelected(user.id, status);
    return meOf(s, { ...user, status });
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
    await s.wrapUp.finish(user.id, body);
    return reply.status(204).send();
  });
}
