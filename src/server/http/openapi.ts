// The OpenAPI 3.1 document served at GET /api/openapi.json, assembled from the same zod schemas the routes
// validate with (z.toJSONSchema), so the document cannot drift from the validation.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { ApiErrorSchema, HealthSchema, LoginRequestSchema, LoginResponseSchema, MeSchema, WrapUpSettingsSchema } from '../../shared/companion-api.js';
import {
  AgentListSchema, QueueListSchema, HoldUpdateSchema, RoutingSettingsSchema, StatusUpdateSchema, WrapUpExtendResponseSchema, WrapUpFinishRequestSchema,
  WrapUpOrgSettingsSchema, WrapUpOverrideSchema, WrapUpStartRequestSchema, WrapUpStartResponseSchema,
} from '../../shared/companion-admin.js';
import {
  AccountNumbersSchema, AudioFileSchema, ConversationDetailSchema, ConversationEventInputSchema, ConversationListSchema,
  ConversationPatchSchema, ConversationSchema, HoldConfigSchema, OutboundCheckRequestSchema, OutboundCheckResponseSchema,
  PeopleListSchema, PeopleLookupSchema, PersonInputSchema, PersonPatchSchema, PersonSchema, QueueSettingsPatchSchema,
  QueueMembersSchema, QueueSettingsSchema, TransferCheckResponseSchema, TransferOptionsSchema, TransferTargetsSchema, TrunkSettingsSchema,
  WaitingStrategyInputSchema, WaitingStrategySchema,
} from '../../shared/companion-cc.js';
import { ConversationFormSchema, FormAnswersInputSchema, FormInputSchema, FormListSchema, FormSchema } from '../../shared/companion-forms.js';

type Who = 'anyone' | 'user' | 'supervisor';
type Op = [method: string, path: string, who: Who, summary: string, body?: z.ZodType, answer?: z.ZodType];

/** GET and PUT of a supervisor setting whose PUT answers with what it stored (supervisorRead/supervisorWrite). */
const setting = (path: string, read: string, write: string, schema: z.ZodType): Op[] => [
  ['get', path, 'supervisor', read, undefined, schema],
  ['put', path, 'supervisor', write, schema, schema],
];

const OPS: Op[] = [
  ['get', '/api/health', 'anyone', 'Health and SIP WebSocket URL', undefined, HealthSchema],
  ['post', '/api/login', 'anyone', 'Sign in', LoginRequestSchema, LoginResponseSchema],
  ['get', '/api/me', 'user', 'The signed-in user', undefined, MeSchema],
  ['put', '/api/me/status', 'user', 'Pick a status', StatusUpdateSchema, MeSchema],
  ['put', '/api/me/hold', 'user', 'Report a call put on hold or resumed', HoldUpdateSchema, MeSchema],
  ['get', '/api/me/wrapup-settings', 'user', 'Effective wrap-up settings', undefined, WrapUpSettingsSchema],
  ['post', '/api/me/wrapup/start', 'user', 'Start (or join) the wrap-up of a call', WrapUpStartRequestSchema, WrapUpStartResponseSchema],
  ['post', '/api/me/wrapup/extend', 'user', 'Add 10 s', undefined, WrapUpExtendResponseSchema],
  ['post', '/api/me/wrapup/finish', 'user', 'Finish wrap-up; notes and status go to the conversation', WrapUpFinishRequestSchema],
  ['get', '/api/queues', 'user', 'Queues (agents: their own)', undefined, QueueListSchema],
  ['get', '/api/agents', 'supervisor', 'Agents with live status', undefined, AgentListSchema],
  ['put', '/api/agents/{login}/wrapup', 'supervisor', 'Per-agent wrap-up override', WrapUpOverrideSchema, WrapUpOverrideSchema],
  ...setting('/api/settings/wrapup', 'Wrap-up settings', 'Set wrap-up settings', WrapUpOrgSettingsSchema),
  ...setting('/api/settings/routing', 'Ring timeout', 'Set ring timeout (3–60 s)', RoutingSettingsSchema),
  ['post', '/api/settings/routing/reset', 'supervisor', 'Reset ring timeout to 30 s', undefined, RoutingSettingsSchema],
  ['get', '/api/conversations', 'user', 'Conversations (agents: their own)', undefined, ConversationListSchema],
  ['get', '/api/conversations/{id}', 'user', 'A conversation with its timeline', undefined, ConversationDetailSchema],
  ['patch', '/api/conversations/{id}', 'user', 'Set status or notes', ConversationPatchSchema, ConversationSchema],
  ['post', '/api/conversations/{id}/events', 'user', 'Report a timeline event (hold, recording, callback, note)', ConversationEventInputSchema],
  ['get', '/api/people', 'user', 'Search People by name or number prefix (?query=&tag=)', undefined, PeopleListSchema],
  ['get', '/api/people/lookup', 'user', 'Person by number (?number=)', undefined, PeopleLookupSchema],
  ['get', '/api/people/{id}', 'user', 'A person', undefined, PersonSchema],
  ['post', '/api/people', 'user', 'Add a person', PersonInputSchema, PersonSchema],
  ['patch', '/api/people/{id}', 'supervisor', 'Edit a person', PersonPatchSchema, PersonSchema],
  ['delete', '/api/people/{id}', 'supervisor', 'Delete a person'],
  ['post', '/api/outbound/check', 'user', 'Existing-conversation check before dialling', OutboundCheckRequestSchema, OutboundCheckResponseSchema],
  ['get', '/api/numbers', 'user', 'The account\'s From numbers', undefined, AccountNumbersSchema],
  ['put', '/api/settings/numbers', 'supervisor', 'Set the account\'s numbers', AccountNumbersSchema, AccountNumbersSchema],
  ['get', '/api/transfer/targets', 'user', 'Transfer targets: agents of my queues, queues with auto-assignment', undefined, TransferTargetsSchema],
  ['get', '/api/transfer/check', 'user', 'External destination check (?target=)', undefined, TransferCheckResponseSchema],
  ...setting('/api/settings/transfer', 'Transfer options', 'Set transfer options', TransferOptionsSchema),
  ...setting('/api/settings/trunk', 'Outbound SIP trunk', 'Set the outbound SIP trunk', TrunkSettingsSchema),
  ['get', '/api/queues/{name}/settings', 'user', 'Queue settings (auto-assignment, working hours)', undefined, QueueSettingsSchema],
  ['patch', '/api/queues/{name}/settings', 'supervisor', 'Change queue settings', QueueSettingsPatchSchema, QueueSettingsSchema],
  ['put', '/api/queues/{name}/members', 'supervisor', 'Replace the queue\'s members (logins)', QueueMembersSchema, QueueMembersSchema],
  ['get', '/api/queues/{name}/hold', 'user', 'Hold configuration in effect', undefined, HoldConfigSchema],
  ['put', '/api/queues/{name}/hold', 'supervisor', 'Set the queue\'s hold configuration', HoldConfigSchema, HoldConfigSchema],
  ...setting('/api/settings/hold/default', 'Default hold configuration', 'Set the default hold configuration', HoldConfigSchema),
  ['get', '/api/settings/waiting-strategies', 'supervisor', 'Waiting strategies', undefined, z.object({ strategies: z.array(WaitingStrategySchema) })],
  ['post', '/api/settings/waiting-strategies', 'supervisor', 'Add a waiting strategy', WaitingStrategyInputSchema, WaitingStrategySchema],
  ['put', '/api/settings/waiting-strategies/{id}', 'supervisor', 'Replace a waiting strategy', WaitingStrategyInputSchema, WaitingStrategySchema],
  ['delete', '/api/settings/waiting-strategies/{id}', 'supervisor', 'Delete a waiting strategy'],
  ['get', '/api/forms', 'user', 'Conversation forms of the account', undefined, FormListSchema],
  ['post', '/api/forms', 'supervisor', 'Add a form (name, up to 20 fields)', FormInputSchema, FormSchema],
  ['put', '/api/forms/{id}', 'supervisor', 'Replace a form', FormInputSchema, FormSchema],
  ['delete', '/api/forms/{id}', 'supervisor', 'Delete a form (filled answers stay on their conversations)'],
  ['put', '/api/conversations/{id}/form', 'user', 'Fill in a form for the conversation (answers keyed by field id)', FormAnswersInputSchema, ConversationFormSchema],
  ['get', '/api/audio', 'supervisor', 'Uploaded audio files', undefined, z.object({ files: z.array(AudioFileSchema) })],
  ['post', '/api/audio', 'supervisor', 'Upload audio (application/octet-stream, ?name=file.wav, ≤ 4 MB)', undefined, AudioFileSchema],
];

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { description: 'Error', content: { 'application/json': { schema: json(ApiErrorSchema, 'output') } } };
  for (const [method, path, who, summary, body, answer] of OPS) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    (paths[path] ??= {})[method] = {
      summary,
      ...(who === 'anyone' ? { security: [] } : {}),
      ...(who === 'supervisor' ? { description: 'Supervisors only (403 for agents).' } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: json(body, 'input') } } } } : {}),
      responses: {
        [answer ? '200' : '204']: answer ? { description: 'OK', content: { 'application/json': { schema: json(answer, 'output') } } } : { description: 'Done' },
        default: error,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Companion contact-center server', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

export async function openApiRoute(app: FastifyInstance): Promise<void> {
  let doc: Record<string, unknown> | undefined;
  app.get('/api/openapi.json', async () => (doc ??= buildOpenApi()));
}
