// Bridge schemas of the companion REST proxy (renderer ↔ main, issue 5), spread into contract.ts. The
// renderer never talks to the companion server itself: main holds the token and validates every answer
// with the shared REST shapes (companion-cc.ts) before it crosses the bridge.
import { z } from 'zod';
import { AgentStatusSchema } from './agent-status.js';
import {
  AccountNumbersSchema,
  ConversationDetailSchema,
  ConversationListSchema,
  ConversationSchema,
  ConversationStatusSchema,
  E164Schema,
  OutboundCheckResponseSchema,
  PeopleListSchema,
  TransferCheckResponseSchema,
  TransferTargetsSchema,
} from './companion-cc.js';
import { ConversationFormSchema, FormAnswersInputSchema, FormListSchema } from './companion-forms.js';

const Id = z.string().min(1).max(100);
const None = z.object({}).strict();

/** Call-quality rating an agent may give in wrap-up (§10.3), 1 (bad) to 5 (excellent). */
export const CALL_RATINGS = [1, 2, 3, 4, 5] as const;

export const MyQueuesSchema = z.object({ queues: z.array(z.object({ id: z.string(), name: z.string(), displayName: z.string() })) });
export type MyQueues = z.infer<typeof MyQueuesSchema>;

export const companionMethods = {
  /** The agent's conversations ("My work"), newest first. */
  myConversations: { args: z.object({ openOnly: z.boolean().optional() }).strict(), result: ConversationListSchema },
  /** One conversation with its timeline. */
  conversation: { args: z.object({ id: Id }).strict(), result: ConversationDetailSchema },
  updateConversation: {
    args: z.object({ id: Id, status: ConversationStatusSchema.optional(), notes: z.string().max(20_000).optional() }).strict()
      .refine((v) => v.status !== undefined || v.notes !== undefined, { error: 'Send "status" or "notes".' }),
    result: ConversationSchema,
  },
  /**
   * Adds "Call quality: n/5" to the timeline of the call's conversation (the optional wrap-up rating). A first
   * call's conversation is created by the server on answer, so the desktop may not know its id: main then
   * finds it by the call's server id.
   */
  rateCall: {
    args: z.object({ callId: z.string().min(1).max(200), conversationId: Id.optional(), rating: z.number().int().min(1).max(5) }).strict(),
    result: z.void(),
  },
  /** People search for the outbound "To" field and the transfer phonebook (tag = external_number). */
  searchPeople: {
    args: z.object({ query: z.string().max(200), tag: z.string().regex(/^[a-z0-9_-]{1,40}$/).optional(), limit: z.number().int().min(1).max(50).optional() }).strict(),
    result: PeopleListSchema,
  },
  /** The account's voice numbers (outbound "From", external-transfer caller ID). */
  accountNumbers: { args: None, result: AccountNumbersSchema },
  /** Queues the agent belongs to (outbound queue choice). */
  myQueues: { args: None, result: MyQueuesSchema },
  /** §8.3 check before dialling: open-existing, refuse or new. */
  outboundCheck: { args: z.object({ to: E164Schema }).strict(), result: OutboundCheckResponseSchema },
  /** Agents of my queues (available first, live status) and queues with auto-assignment (§7.1, §7.2). */
  transferTargets: { args: None, result: TransferTargetsSchema },
  /** External destination check (§7.3): refused with "Number or name not found in phonebook." when not allowed. */
  transferCheck: { args: z.object({ target: z.string().trim().min(1).max(200) }).strict(), result: TransferCheckResponseSchema },
  /** Conversation forms of the account (outbound "Form" choice, §8.3). */
  listForms: { args: None, result: FormListSchema },
  /** Saves a filled form on a conversation; the server checks the answers against the form. */
  saveConversationForm: { args: z.object({ conversationId: Id }).extend(FormAnswersInputSchema.shape).strict(), result: ConversationFormSchema },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const companionEvents = {
  /** Another agent's status changed (from the companion's event stream): the transfer panel refreshes at once. */
  agentStatus: z.object({ agentId: z.string(), login: z.string(), status: AgentStatusSchema }),
} as const satisfies Record<string, z.ZodType>;
