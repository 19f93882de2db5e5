// Wire format of the web host's loopback WebSocket (path /bridge). Same envelopes as IPC.
import { z } from 'zod';

export const WS_BRIDGE_PATH = '/bridge';
export const WS_BRIDGE_MAX_MESSAGE_BYTES = 512 * 1024;

export const ClientMessageSchema = z.object({
  t: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  args: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const HostMessageSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('result'),
    id: z.number(),
    envelope: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  }),
  z.object({ t: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;
