// Supervisor routes (agents and settings) and the queue listing (agents see their own queues).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WrapUpSettings } from '../../shared/companion-api.js';
import {
  DEFAULT_ROUTING_SETTINGS, RoutingSettingsSchema, WrapUpOrgSettingsSchema, WrapUpOverrideSchema,
  type AgentSummary, type QueueSummary, type RoutingSettings,
} from '../../shared/companion-admin.js';
import { LOGIN_PATTERN } from '../accounts/users-repo.js';
import { liveStatus } from '../presence/presence.js';
import { currentUser, requireSupervisor } from './auth.js';
import { ApiError, parse } from './errors.js';
import { sipUriOf, type Services } from './services.js';
import { supervisorRead, supervisorWrite } from './supervisor-route.js';

const LoginParamSchema = z.object({ login: z.string().regex(LOGIN_PATTERN, { error: 'Unknown agent.' }) });

export async function supervisorRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/agents', async (req): Promise<{ agents: AgentSummary[] }> => {
    const me = requireSupervisor(req);
    const overrides = await s.settings.wrapUpOverrides();
    const users = await s.users.byAccount(me.accountId);
    return {
      agents: users.map((u) => {
        const live = s.presence.get(u.id) ?? s.presence.add(u);
        const seconds = overrides.get(u.id);
        return {
          id: u.id, login: u.login, displayName: u.displayName, role: u.role,
          status: liveStatus(live), selectedStatus: live.selected, registered: live.registered,
          inCall: live.calls.size > 0, inWrapUp: live.wrapUp !== null, ringing: live.ringingFor !== null,
          wrapUp: seconds === undefined ? { mode: 'default' as const } : { mode: 'custom' as const, seconds },
          sipUri: sipUriOf(s, u.login),
        };
      }),
    };
  });

  app.put('/api/agents/:login/wrapup', async (req) => {
    const me = requireSupervisor(req);
    const { login } = parse(LoginParamSchema, req.params);
    const body = parse(WrapUpOverrideSchema, req.body);
    const user = await s.users.byLogin(login);
    if (!user || user.accountId !== me.accountId) throw new ApiError(404, 'not_found', `There is no agent "${login}".`);
    await s.settings.setWrapUpOverride(user.id, body);
    return body;
  });

  app.get('/api/settings/wrapup', supervisorRead((accountId): Promise<WrapUpSettings> => s.settings.wrapUp(accountId)));
  app.put('/api/settings/wrapup', supervisorWrite(WrapUpOrgSettingsSchema, (accountId, body) => s.settings.setWrapUp(accountId, body)));
  app.get('/api/settings/routing', supervisorRead((accountId): Promise<RoutingSettings> => s.settings.routing(accountId)));
  app.put('/api/settings/routing', supervisorWrite(RoutingSettingsSchema, (accountId, body) => s.settings.setRouting(accountId, body)));

  app.post('/api/settings/routing/reset', async (req): Promise<RoutingSettings> => {
    const me = requireSupervisor(req);
    await s.settings.setRouting(me.accountId, DEFAULT_ROUTING_SETTINGS);
    return DEFAULT_ROUTING_SETTINGS;
  });

  app.get('/api/queues', async (req): Promise<{ queues: QueueSummary[] }> => {
    const me = currentUser(req);
    const [queues, users] = await Promise.all([s.queues.byAccount(me.accountId), s.users.byAccount(me.accountId)]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const visible = me.role === 'supervisor' ? queues : queues.filter((q) => q.memberIds.includes(me.id));
    return {
      queues: visible.map((q) => ({
        id: q.id, name: q.name, displayName: q.displayName, sipUri: sipUriOf(s, q.name),
        members: q.memberIds.flatMap((id) => {
          const u = byId.get(id);
          return u ? [{ id: u.id, login: u.login, displayName: u.displayName }] : [];
        }),
      })),
    };
  });
}
