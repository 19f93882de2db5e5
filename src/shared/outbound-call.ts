// Options of an agent's outbound call (§8.3) and of an external transfer's caller ID (§7.3), and how they
// travel to the companion SIP edge.
//
// Why X- headers on the INVITE/REFER rather than a REST "register the call first" step: the edge already
// authenticates the agent's INVITE (proxy digest) and sees it atomically, so the options and the call can
// never drift apart (no second request to correlate, no race when the call is cancelled early, nothing to
// expire). The edge re-validates every value against the agent's account (numbers, queues, conversation
// ownership) and strips the headers before anything leaves for the carrier.
import { z } from 'zod';
import { E164Schema, OUTBOUND_REFUSE_MESSAGE } from './companion-cc.js';

export const OUTBOUND_PRIORITIES = ['normal', 'high', 'urgent'] as const;
export const OutboundPrioritySchema = z.enum(OUTBOUND_PRIORITIES);
export const OutboundTagSchema = z.string().regex(/^[a-z0-9_-]{1,40}$/);

export const OutboundOptionsSchema = z.object({
  /** One of the account's voice numbers: the caller ID the customer sees. Absent = the account's first. */
  from: E164Schema.optional(),
  /** The name of one of the agent's queues. */
  queue: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/).optional(),
  priority: OutboundPrioritySchema.optional(),
  tags: z.array(OutboundTagSchema).max(20).optional(),
  /** Follow-up call in this (mine or unassigned, not Closed) conversation of the dialled customer. */
  conversationId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/).optional(),
}).strict();
export type OutboundOptions = z.infer<typeof OutboundOptionsSchema>;

export const OUTBOUND_HEADER = {
  from: 'X-Outbound-From',
  queue: 'X-Outbound-Queue',
  priority: 'X-Outbound-Priority',
  tags: 'X-Outbound-Tags',
  conversationId: 'X-Outbound-Conversation-Id',
  /** On a REFER to an external number: the caller ID for a WebRTC customer (§7.3). */
  transferFrom: 'X-Transfer-From',
} as const;

/** `Name: value` lines for sip.js `extraHeaders` (values are already validated, so no CR/LF can slip in). */
export function outboundHeaderLines(o: OutboundOptions): string[] {
  const v = OutboundOptionsSchema.parse(o);
  const lines: string[] = [];
  if (v.from) lines.push(`${OUTBOUND_HEADER.from}: ${v.from}`);
  if (v.queue) lines.push(`${OUTBOUND_HEADER.queue}: ${v.queue}`);
  if (v.priority) lines.push(`${OUTBOUND_HEADER.priority}: ${v.priority}`);
  if (v.tags?.length) lines.push(`${OUTBOUND_HEADER.tags}: ${v.tags.join(',')}`);
  if (v.conversationId) lines.push(`${OUTBOUND_HEADER.conversationId}: ${v.conversationId}`);
  return lines;
}

/**
 * Reads the headers back on the edge. Anything malformed is an error (the call is refused with 400), so a
 * bad value never silently turns into "automatic".
 */
export function readOutboundHeaders(header: (name: string) => string | undefined): { ok: true; options: OutboundOptions } | { ok: false; reason: string } {
  const raw = (name: string) => {
    const v = header(name)?.trim();
    return v === '' ? undefined : v;
  };
  const tags = raw(OUTBOUND_HEADER.tags);
  const r = OutboundOptionsSchema.safeParse({
    from: raw(OUTBOUND_HEADER.from),
    queue: raw(OUTBOUND_HEADER.queue),
    priority: raw(OUTBOUND_HEADER.priority),
    tags: tags === undefined ? undefined : tags.split(',').map((t) => t.trim()).filter(Boolean),
    conversationId: raw(OUTBOUND_HEADER.conversationId),
  });
  if (!r.success) return { ok: false, reason: `Bad outbound option: ${r.error.issues[0]?.path.join('.') ?? 'value'}` };
  return { ok: true, options: r.data };
}

/** Reason phrases of the edge's refusals of an outbound call, and the notice code the desktop shows for each. */
export const OUTBOUND_REFUSALS = {
  outbound_refused: OUTBOUND_REFUSE_MESSAGE,
  outbound_from_not_allowed: 'The From number is not one of the account\'s numbers.',
  outbound_queue_not_allowed: 'The queue is not one of your queues.',
  outbound_conversation_not_usable: 'This conversation cannot take a call to this number.',
} as const;
export type OutboundRefusalCode = keyof typeof OUTBOUND_REFUSALS;

/** The notice for a 403/404 whose reason phrase is one of ours; null for anything else. */
export function outboundRefusal(status: number | undefined, reason: string | undefined): { code: OutboundRefusalCode; message: string } | null {
  if (status !== 403 && status !== 404) return null;
  for (const [code, message] of Object.entries(OUTBOUND_REFUSALS) as [OutboundRefusalCode, string][]) {
    if (reason === message) return { code, message };
  }
  return null;
}
