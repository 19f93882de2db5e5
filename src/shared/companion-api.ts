// Shapes exchanged with the companion server's REST API and event stream.
// The server validates requests with these schemas and the desktop validates responses.
import { z } from 'zod';
import { AgentStatusSchema } from './agent-status.js';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  sipWebSocketUrl: z.string(),
  sipDomain: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

export const LoginRequestSchema = z.object({
  login: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
}).strict();

export const RoleSchema = z.enum(['agent', 'supervisor']);

export const MeSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  accountId: z.string(),
  status: AgentStatusSchema,
  sipUri: z.string(),
});
export type Me = z.infer<typeof MeSchema>;

export const LoginResponseSchema = z.object({ token: z.string(), me: MeSchema });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const ApiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const WRAPUP_DEFAULT_SECONDS = 30;
export const WRAPUP_EXTENSION_SECONDS = 10;
export const RING_TIMEOUT_DEFAULT_SECONDS = 30;
export const RING_TIMEOUT_MIN_SECONDS = 3;
export const RING_TIMEOUT_MAX_SECONDS = 60;

/** Effective wrap-up settings for one agent (organisation default merged with the agent override). */
export const WrapUpSettingsSchema = z.object({
  enabled: z.boolean(),
  seconds: z.number().int().min(1).max(3600),
  allowExtension: z.boolean(),
});
export type WrapUpSettings = z.infer<typeof WrapUpSettingsSchema>;

/** Events on the companion WebSocket stream (`/api/events?token=…&cursor=…`). */
export const ServerEventSchema = z.discriminatedUnion('type', [
  z.object({ seq: z.number(), type: z.literal('agent.status'), agentId: z.string(), login: z.string(), status: AgentStatusSchema }),
  z.object({ seq: z.number(), type: z.literal('wrapup.started'), agentId: z.string(), callId: z.string(), conversationId: z.string().nullable(), endsAt: z.number(), canExtend: z.boolean() }),
  z.object({ seq: z.number(), type: z.literal('wrapup.ended'), agentId: z.string(), callId: z.string() }),
  z.object({ seq: z.number(), type: z.literal('conversation.updated'), conversationId: z.string() }),
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;
