// Contact-center shapes of the companion REST API (issue 4): conversations, People, outbound checks,
// transfer targets and queue working hours. The server validates requests with these schemas; the
// desktop may validate responses with them. Validation messages are shown to users as is.
import { z } from 'zod';
import { AgentStatusSchema } from './agent-status.js';
import { ConversationFormSchema } from './companion-forms.js';

export const CONVERSATION_STATUSES = ['Open', 'Waiting', 'Solved', 'Closed'] as const;
export const ConversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

export const E164_MESSAGE = 'Enter the number in international E.164 format, e.g. +81312345678.';
export const E164Schema = z.string({ error: E164_MESSAGE }).regex(/^\+[1-9][0-9]{6,14}$/, { error: E164_MESSAGE });

export const ConversationEventTypeSchema = z.enum([
  'call.started', 'call.ended', 'call.hold', 'call.transferred', 'recording.made', 'callback', 'note', 'form.filled',
]);
export type ConversationEventType = z.infer<typeof ConversationEventTypeSchema>;

export const ConversationEventSchema = z.object({
  id: z.number(),
  type: ConversationEventTypeSchema,
  /** Human text for the timeline, e.g. "Call on hold (1:05)" or "Transferred to Bob". */
  text: z.string(),
  agentId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
});
export type ConversationEvent = z.infer<typeof ConversationEventSchema>;

export const ConversationSchema = z.object({
  id: z.string(),
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  /** Agent the conversation is assigned to; null = unassigned. */
  assigneeId: z.string().nullable(),
  queueId: z.string().nullable(),
  status: ConversationStatusSchema,
  notes: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Conversation = z.infer<typeof ConversationSchema>;
export const ConversationListSchema = z.object({ conversations: z.array(ConversationSchema) });
export const ConversationDetailSchema = ConversationSchema.extend({
  events: z.array(ConversationEventSchema),
  /** The conversation's filled form (see companion-forms.ts), or null. */
  form: ConversationFormSchema.nullable().optional(),
});
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;

/** GET /api/conversations?status=&limit= */
export const ConversationListQuerySchema = z.object({
  status: ConversationStatusSchema.optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
}).strict();

/** PATCH /api/conversations/:id */
export const ConversationPatchSchema = z.object({
  status: ConversationStatusSchema.optional(),
  notes: z.string().max(20_000).optional(),
}).strict().refine((v) => v.status !== undefined || v.notes !== undefined, { error: 'Send "status" or "notes".' });

/** POST /api/conversations/:id/events — events the desktop reports (the server records calls itself). */
export const ConversationEventInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.hold'), callId: z.string().min(1).max(200), startedAt: z.number().int().nonnegative(), endedAt: z.number().int().nonnegative() }).strict()
    .refine((v) => v.endedAt >= v.startedAt, { error: '"endedAt" must not be before "startedAt".' }),
  z.object({ type: z.literal('recording.made'), callId: z.string().min(1).max(200), recordingId: z.string().min(1).max(200).optional() }).strict(),
  z.object({ type: z.literal('callback'), text: z.string().min(1).max(500) }).strict(),
  z.object({ type: z.literal('note'), text: z.string().min(1).max(20_000) }).strict(),
]);
export type ConversationEventInput = z.infer<typeof ConversationEventInputSchema>;

/** "1:05" style duration for timeline texts. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

// ------------------------------------------------------------------ People (§15)

export const EXTERNAL_NUMBER_TAG = 'external_number';
const TagSchema = z.string().regex(/^[a-z0-9_-]{1,40}$/, { error: 'Tags are 1–40 characters: lowercase letters, digits, "_" or "-".' });

export const PersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  numbers: z.array(z.string()),
  tags: z.array(z.string()),
});
export type Person = z.infer<typeof PersonSchema>;
export const PeopleListSchema = z.object({ people: z.array(PersonSchema) });

export const PersonInputSchema = z.object({
  name: z.string().trim().min(1, { error: 'Enter a name.' }).max(200),
  numbers: z.array(E164Schema).max(20).default([]),
  tags: z.array(TagSchema).max(20).default([]),
}).strict();
export type PersonInput = z.infer<typeof PersonInputSchema>;
export const PersonPatchSchema = z.object({
  name: z.string().trim().min(1, { error: 'Enter a name.' }).max(200).optional(),
  numbers: z.array(E164Schema).max(20).optional(),
  tags: z.array(TagSchema).max(20).optional(),
}).strict();

export const PeopleQuerySchema = z.object({
  query: z.string().max(200).optional(),
  tag: TagSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
}).strict();
export const PeopleLookupQuerySchema = z.object({ number: z.string().min(1).max(40) }).strict();
export const PeopleLookupSchema = z.object({ person: PersonSchema.nullable() });

// ------------------------------------------------------------ outbound (§8.3)

export const OutboundCheckRequestSchema = z.object({ to: E164Schema }).strict();
export const OUTBOUND_REFUSE_MESSAGE = 'Another agent is already talking to this customer.';
export const OutboundCheckResponseSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('open-existing'), conversationId: z.string() }),
  z.object({ outcome: z.literal('refuse'), message: z.string() }),
  z.object({ outcome: z.literal('new') }),
]);
export type OutboundCheckResponse = z.infer<typeof OutboundCheckResponseSchema>;

export const AccountNumberSchema = z.object({ number: E164Schema, label: z.string().max(100) }).strict();
export type AccountNumber = z.infer<typeof AccountNumberSchema>;
export const AccountNumbersSchema = z.object({ numbers: z.array(AccountNumberSchema) });

// ------------------------------------------------------------ transfers (§7)

export const PHONEBOOK_NOT_FOUND_MESSAGE = 'Number or name not found in phonebook.';
export const TransferOptionsSchema = z.object({ allowNumbersNotInPeople: z.boolean() }).strict();
export type TransferOptions = z.infer<typeof TransferOptionsSchema>;
export const DEFAULT_TRANSFER_OPTIONS: TransferOptions = { allowNumbersNotInPeople: false };

/** Outbound SIP trunk for external transfers (UDP). `null` = no trunk: external transfers are refused. */
export const TrunkSettingsSchema = z.object({
  trunk: z.object({
    host: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, { error: 'Enter the trunk host name or IPv4 address.' }),
    port: z.number({ error: 'The trunk port must be a whole number between 1 and 65535.' }).int({ error: 'The trunk port must be a whole number between 1 and 65535.' })
      .min(1, { error: 'The trunk port must be a whole number between 1 and 65535.' }).max(65535, { error: 'The trunk port must be a whole number between 1 and 65535.' }),
  }).strict().nullable(),
}).strict();
export type TrunkSettings = z.infer<typeof TrunkSettingsSchema>;

export const TransferTargetsSchema = z.object({
  agents: z.array(z.object({ id: z.string(), login: z.string(), displayName: z.string(), status: AgentStatusSchema, available: z.boolean(), sipUri: z.string() })),
  queues: z.array(z.object({ id: z.string(), name: z.string(), displayName: z.string(), sipUri: z.string() })),
});
export type TransferTargets = z.infer<typeof TransferTargetsSchema>;
export const TransferCheckQuerySchema = z.object({ target: z.string().min(1).max(200) }).strict();
export const TransferCheckResponseSchema = z.object({
  ok: z.literal(true),
  number: z.string(),
  person: PersonSchema.nullable(),
  /** The number was typed by hand and has just been added to People with the external_number tag. */
  added: z.boolean(),
});

// ------------------------------------------------------- working hours (§4.5)

const TIME_MESSAGE = 'Times are "HH:MM" (00:00–24:00).';
const TimeSchema = z.string().regex(/^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, { error: TIME_MESSAGE });
const RangeSchema = z.object({ from: TimeSchema, to: TimeSchema }).strict()
  .refine((r) => r.from < r.to, { error: 'A time range must end after it starts.' });
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const WorkingHoursSchema = z.object({
  /** false = always open (no schedule). */
  enabled: z.boolean(),
  /** IANA time zone, e.g. "Asia/Tokyo". */
  timeZone: z.string().min(1).max(100).refine((tz) => {
    try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; }
  }, { error: 'Unknown time zone.' }),
  weekly: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(RangeSchema).max(10)])) as Record<typeof WEEKDAYS[number], z.ZodArray<typeof RangeSchema>>).strict(),
  /** Dates (local to timeZone) that override the weekly schedule: no ranges = closed all day. */
  exceptions: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Dates are "YYYY-MM-DD".' }), ranges: z.array(RangeSchema).max(10) }).strict()).max(400),
}).strict();
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;
export const ALWAYS_OPEN: WorkingHours = {
  enabled: false, timeZone: 'UTC',
  weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, exceptions: [],
};


// ------------------------------------------- waiting strategies, hold, audio (§5, §6)

export const MAX_WAIT_MESSAGE = 'Maximum wait must be a whole number of seconds between 10 and 3600.';
const maxWait = z.number({ error: MAX_WAIT_MESSAGE }).int({ error: MAX_WAIT_MESSAGE }).min(10, { error: MAX_WAIT_MESSAGE }).max(3600, { error: MAX_WAIT_MESSAGE });
export const REPEAT_MESSAGE = 'Repeat interval must be a whole number of seconds between 5 and 600.';
const repeatSeconds = z.number({ error: REPEAT_MESSAGE }).int({ error: REPEAT_MESSAGE }).min(5, { error: REPEAT_MESSAGE }).max(600, { error: REPEAT_MESSAGE });

/** A message is text-to-speech or an uploaded audio file (§5.3). */
export const MessageSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tts'),
    text: z.string().trim().min(1, { error: 'Enter the text to speak.' }).max(2000),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { error: 'Language must look like "en-US" or "ja-JP".' }),
    voice: z.string().max(100).default('default'),
    rate: z.number().min(0.5, { error: 'Speech rate must be between 0.5 and 2.' }).max(2, { error: 'Speech rate must be between 0.5 and 2.' }).default(1),
  }).strict(),
  z.object({ kind: z.literal('file'), audioId: z.string().min(1).max(100) }).strict(),
]);
const NEEDS_SOURCE = { error: 'An enabled message needs text-to-speech or an audio file.' };
export const MessagePartSchema = z.object({ enabled: z.boolean(), source: MessageSourceSchema.nullable() }).strict()
  .refine((p) => !p.enabled || p.source !== null, NEEDS_SOURCE);
/** Repeated periodically while the caller waits. */
export const AnnouncementSchema = z.object({ enabled: z.boolean(), source: MessageSourceSchema.nullable(), repeatSeconds: repeatSeconds.default(30) }).strict()
  .refine((p) => !p.enabled || p.source !== null, NEEDS_SOURCE);

export const WaitingStrategyInputSchema = z.object({
  name: z.string().trim().min(1, { error: 'Enter a name.' }).max(100),
  /** Queue names (or numbers/applications) the strategy applies to. */
  appliesTo: z.array(z.string().min(1).max(100)).max(100),
  maxWaitSeconds: maxWait,
  greeting: MessagePartSchema,
  musicOnHold: z.object({ enabled: z.boolean(), audioId: z.string().min(1).max(100).nullable() }).strict(),
  announcement: AnnouncementSchema,
  maxWaitMessage: MessagePartSchema,
  announcePosition: z.boolean().default(false),
}).strict();
export type WaitingStrategyInput = z.infer<typeof WaitingStrategyInputSchema>;
export const WaitingStrategySchema = WaitingStrategyInputSchema.extend({ id: z.string() });
export const WaitingStrategiesSchema = z.array(WaitingStrategySchema).max(100);
export type WaitingStrategy = z.infer<typeof WaitingStrategySchema>;

export const HoldConfigSchema = z.object({
  enabled: z.boolean(),
  /** null = the default music. */
  musicAudioId: z.string().min(1).max(100).nullable(),
  announcement: MessagePartSchema,
  repeatSeconds: repeatSeconds.default(10),
}).strict();
export type HoldConfig = z.infer<typeof HoldConfigSchema>;
export const DEFAULT_HOLD_CONFIG: HoldConfig = { enabled: true, musicAudioId: null, announcement: { enabled: false, source: null }, repeatSeconds: 10 };

// ----------------------------------------------------------------- queue settings (§4, §5, §6)

export const NO_SUCH_STRATEGY_MESSAGE = 'There is no such waiting strategy.';
const DISABLED_MESSAGE = { enabled: false, source: null } as const;
export const QueueSettingsSchema = z.object({
  autoAssignment: z.boolean(),
  workingHours: WorkingHoursSchema,
  /** The waiting strategy of the queue (§5); null = the strategy whose appliesTo names the queue, if any. */
  waitingStrategyId: z.string().min(1).max(100).nullable().default(null),
  /** Played outside working hours (§4.5). */
  awayMessage: MessagePartSchema.default(DISABLED_MESSAGE),
}).strict();
export type QueueSettings = z.infer<typeof QueueSettingsSchema>;
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { autoAssignment: true, workingHours: ALWAYS_OPEN, waitingStrategyId: null, awayMessage: DISABLED_MESSAGE };
export const QueueSettingsPatchSchema = z.object({
  autoAssignment: z.boolean().optional(),
  workingHours: WorkingHoursSchema.optional(),
  waitingStrategyId: z.string().min(1).max(100).nullable().optional(),
  awayMessage: MessagePartSchema.optional(),
}).strict();

/** Queue members by login (replaces the list). */
export const QueueMembersSchema = z.object({
  logins: z.array(z.string().min(1).max(100)).max(500),
}).strict();
export type QueueMembers = z.infer<typeof QueueMembersSchema>;

export const AudioFileSchema = z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number(), createdAt: z.number() });
export type AudioFile = z.infer<typeof AudioFileSchema>;
