// Outbound checks (§8.3), account numbers, transfer targets and checks (§7), queue settings (§4.5) and
// transfer options. Agents only see and use their own queues.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AccountNumbersSchema, EXTERNAL_NUMBER_TAG, OUTBOUND_REFUSE_MESSAGE, OutboundCheckRequestSchema,
  NO_SUCH_STRATEGY_MESSAGE, PHONEBOOK_NOT_FOUND_MESSAGE, QueueMembersSchema, QueueSettingsPatchSchema, type QueueMembers, TrunkSettingsSchema, type TrunkSettings, TransferCheckQuerySchema, TransferOptionsSchema,
  type AccountNumber, type OutboundCheckResponse, type QueueSettings, type TransferOptions, type TransferTargets,
} from '../../shared/companion-cc.js';
import { liveStatus } from '../presence/presence.js';
import { isOpen } from '../queues/working-hours.js';
import { outboundConversation } from '../conversations/outbound-decision.js';
import { externalDestination } from '../people/external-destination.js';
import { normalizeNumber } from '../people/people-repo.js';
import { currentUser, requireSupervisor } from './auth.js';
import { ApiError, parse } from './errors.js';
import { sipUriOf, type Services } from './services.js';
import { supervisorRead, supervisorWrite } from './supervisor-route.js';

const QueueParamSchema = z.object({ name: z.string().min(1).max(100) });

export async function contactCenterRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.post('/api/outbound/check', async (req): Promise<OutboundCheckResponse> => {
    const user = currentUser(req);
    const { to } = parse(OutboundCheckRequestSchema, req.body);
    // The same decision the SIP edge applies to the INVITE (outbound-decision.ts), so the dialogs never lie.
    const d = outboundConversation({ agentId: user.id, to, open: await s.conversations.openForCustomer(user.accountId, to) });
    if (d.kind === 'create') return { outcome: 'new' };
    if (d.kind === 'join') return { outcome: 'open-existing', conversationId: d.conversationId };
    return { outcome: 'refuse', message: OUTBOUND_REFUSE_MESSAGE };
  });

  app.get('/api/numbers', async (req): Promise<{ numbers: AccountNumber[] }> => ({ numbers: await s.settings.accountNumbers(currentUser(req).accountId) }));

  app.put('/api/settings/numbers', supervisorWrite(AccountNumbersSchema, (accountId, body) => s.settings.setAccountNumbers(accountId, body.numbers)));
  app.get('/api/settings/transfer', supervisorRead((accountId): Promise<TransferOptions> => s.settings.transferOptions(accountId)));
  app.put('/api/settings/transfer', supervisorWrite(TransferOptionsSchema, (accountId, body) => s.settings.setTransferOptions(accountId, body)));
  app.get('/api/settings/trunk', supervisorRead((accountId): Promise<TrunkSettings> => s.settings.trunk(accountId)));
  app.put('/api/settings/trunk', supervisorWrite(TrunkSettingsSchema, (accountId, body) => s.settings.setTrunk(accountId, body)));

  /** Agents of my queues (available first, live status) and the queues with auto-assignment. */
  app.get('/api/transfer/targets', async (req): Promise<TransferTargets> => {
    const me = currentUser(req);
    const [queues, users] = await Promise.all([s.queues.byAccount(me.accountId), s.users.byAccount(me.accountId)]);
    const mine = queues.filter((q) => q.memberIds.includes(me.id));
    const colleagueIds = new Set(mine.flatMap((q) => q.memberIds).filter((id) => id !== me.id));
    const agents = users.filter((u) => colleagueIds.has(u.id)).map((u) => {
      const status = liveStatus(s.presence.get(u.id) ?? s.presence.add(u));
      return { id: u.id, login: u.login, displayName: u.displayName, status, available: status === 'Available', sipUri: sipUriOf(s, u.login) };
    }).sort((a, b) => Number(b.available) - Number(a.available) || a.displayName.localeCompare(b.displayName));
    const withAuto = [];
    for (const q of queues) {
      if ((await s.settings.queueSettings(me.accountId, q.id)).autoAssignment) {
        withAuto.push({ id: q.id, name: q.name, displayName: q.displayName, sipUri: sipUriOf(s, q.name) });
      }
    }
    return { agents, queues: withAuto };
  });

  /** External transfer destination: a People contact tagged external_number, or a hand-typed number when allowed. */
  app.get('/api/transfer/check', async (req) => {
    const me = currentUser(req);
    const { target } = parse(TransferCheckQuerySchema, req.query ?? {});
    const number = normalizeNumber(target);
    const person = number ? await s.people.byNumber(me.accountId, number) : await s.people.byName(me.accountId, target);
    if (person?.tags.includes(EXTERNAL_NUMBER_TAG)) {
      const dial = number ?? person.numbers[0];
      if (dial) return { ok: true, number: dial, person, added: false };
    }
    if (!number) throw new ApiError(403, 'not_in_phonebook', PHONEBOOK_NOT_FOUND_MESSAGE);
    const r = await externalDestination(s, me.accountId, number);
    if (!r.ok) throw new ApiError(403, 'not_in_phonebook', PHONEBOOK_NOT_FOUND_MESSAGE);
    return { ok: true, number, person: r.person, added: r.added };
  });

  const queueFor = async (accountId: string, name: string) => {
    const q = await s.queues.byName(name);
    if (!q || q.accountId !== accountId) throw new ApiError(404, 'not_found', `There is no queue "${name}".`);
    return q;
  };

  app.get('/api/queues/:name/settings', async (req): Promise<QueueSettings & { openNow: boolean }> => {
    const me = currentUser(req);
    const { name } = parse(QueueParamSchema, req.params);
    const q = await queueFor(me.accountId, name);
    if (me.role !== 'supervisor' && !q.memberIds.includes(me.id)) throw new ApiError(404, 'not_found', `There is no queue "${name}".`);
    const settings = await s.settings.queueSettings(me.accountId, q.id);
    return { ...settings, openNow: isOpen(settings.workingHours, new Date()) };
  });

  app.patch('/api/queues/:name/settings', async (req): Promise<QueueSettings> => {
    const me = requireSupervisor(req);
    const { name } = parse(QueueParamSchema, req.params);
    const body = parse(QueueSettingsPatchSchema, req.body);
    const q = await queueFor(me.accountId, name);
    if (body.waitingStrategyId && !(await s.settings.waitingStrategies(me.accountId)).some((w) => w.id === body.waitingStrategyId)) {
      throw new ApiError(400, 'validation_error', NO_SUCH_STRATEGY_MESSAGE);
    }
    const next = { ...(await s.settings.queueSettings(me.accountId, q.id)), ...body };
    await s.settings.setQueueSettings(me.accountId, q.id, next);
    return next;
  });

  /** Members by login; every login must be a user of the account. */
  app.put('/api/queues/:name/members', async (req): Promise<QueueMembers> => {
    const me = requireSupervisor(req);
    const { name } = parse(QueueParamSchema, req.params);
    const body = parse(QueueMembersSchema, req.body);
    const q = await queueFor(me.accountId, name);
    const users = new Map((await s.users.byAccount(me.accountId)).map((u) => [u.login, u]));
    const unknown = body.logins.find((l) => !users.has(l));
    if (unknown !== undefined) throw new ApiError(400, 'validation_error', `There is no agent "${unknown.slice(0, 100)}".`);
    await s.queues.setMembers(q.id, body.logins.map((l) => users.get(l)!.id));
    return { logins: [...new Set(body.logins)] };
  });
}
