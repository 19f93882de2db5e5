// More shapes of the companion REST API (additions to companion-api.ts): status, wrap-up flow,
// supervisor settings, agents and queues listings. Validation messages are shown to users as is.
import { z } from 'zod';
import { AgentStatusSchema, SELECTABLE_STATUSES } from './agent-status.js';
import {
  RING_TIMEOUT_DEFAULT_SECONDS, RING_TIMEOUT_MAX_SECONDS, RING_TIMEOUT_MIN_SECONDS, RoleSchema,
} from './companion-api.js';

export const RING_TIMEOUT_MESSAGE = `Ring timeout must be between ${RING_TIMEOUT_MIN_SECONDS} and ${RING_TIMEOUT_MAX_SECONDS} seconds.`;
export const WRAPUP_SECONDS_MESSAGE = 'Wrap-up duration must be a whole number of seconds between 1 and 3600.';

export const StatusUpdateSchema = z.object({ status: z.enum(SELECTABLE_STATUSES) }).strict();

/** PUT /api/me/hold — the desktop reports a successful hold (on) or resume (off) re-INVITE (§3.4). */
export const HoldUpdateSchema = z.object({ callId: z.string().min(1).max(200), on: z.boolean() }).strict();
export type HoldUpdate = z.infer<typeof HoldUpdateSchema>;

export const RoutingSettingsSchema = z.object({
  ringTimeoutSeconds: z.number({ error: RING_TIMEOUT_MESSAGE })
    .int({ error: RING_TIMEOUT_MESSAGE })
    .min(RING_TIMEOUT_MIN_SECONDS, { error: RING_TIMEOUT_MESSAGE })
    .max(RING_TIMEOUT_MAX_SECONDS, { error: RING_TIMEOUT_MESSAGE }),
}).strict();
export type RoutingSettings = z.infer<typeof RoutingSettingsSchema>;
export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = { ringTimeoutSeconds: RING_TIMEOUT_DEFAULT_SECONDS };

const wrapUpSeconds = z.number({ error: WRAPUP_SECONDS_MESSAGE })
  .int({ error: WRAPUP_SECONDS_MESSAGE }).min(1, { error: WRAPUP_SECONDS_MESSAGE }).max(3600, { error: WRAPUP_SECONDS_MESSAGE });

/** Organisation wrap-up settings as the supervisor edits them (PUT /api/settings/wrapup). */
export const WrapUpOrgSettingsSchema = z.object({
  enabled: z.boolean(),
  seconds: wrapUpSeconds,
  allowExtension: z.boolean(),
}).strict();
export type WrapUpOrgSettings = z.infer<typeof WrapUpOrgSettingsSchema>;

/** PUT /api/agents/:login/wrapup */
export const WrapUpOverrideSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('default') }).strict(),
  z.object({ mode: z.literal('custom'), seconds: wrapUpSeconds }).strict(),
]);
export type WrapUpOverride = z.infer<typeof WrapUpOverrideSchema>;

export const WrapUpStartRequestSchema = z.object({
  callId: z.string().min(1).max(200),
  conversationId: z.string().min(1).max(200).nullable().optional(),
}).strict();

export const WrapUpStartResponseSchema = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(false) }),
  z.object({ enabled: z.literal(true), callId: z.string(), endsAt: z.number(), canExtend: z.boolean() }),
]);
export type WrapUpStartResponse = z.infer<typeof WrapUpStartResponseSchema>;

export const WrapUpExtendResponseSchema = z.object({ endsAt: z.number() });

export const WrapUpFinishRequestSchema = z.object({
  notes: z.string().max(20_000).optional(),
  status: z.enum(['Open', 'Waiting', 'Solved', 'Closed']).optional(),
}).strict();

/** One agent as supervisors see it (GET /api/agents). */
export const AgentSummarySchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  /** Live status (Busy while in a call or wrap-up). */
  status: AgentStatusSchema,
  /** The status the agent picked. */
  selectedStatus: AgentStatusSchema,
  registered: z.boolean(),
  inCall: z.boolean(),
  inWrapUp: z.boolean(),
  ringing: z.boolean(),
  wrapUp: z.union([z.object({ mode: z.literal('default') }), z.object({ mode: z.literal('custom'), seconds: z.number() })]),
  sipUri: z.string(),
});
export type AgentSummary = z.infer<typeof AgentSummarySchema>;
export const AgentListSchema = z.object({ agents: z.array(AgentSummarySchema) });

export const QueueSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  sipUri: z.string(),
  members: z.array(z.object({ id: z.string(), login: z.string(), displayName: z.string() })),
});
export type QueueSummary = z.infer<typeof QueueSummarySchema>;
export const QueueListSchema = z.object({ queues: z.array(QueueSummarySchema) });
