// Which conversation an agent's outbound call belongs to (§8.3), as a pure decision over what the database
// holds. The desktop asks first (POST /api/outbound/check) and shows the dialogs; the edge decides again
// when the INVITE arrives, because only then is it binding (and a desktop may skip or race the check).
import { OUTBOUND_REFUSE_MESSAGE, type Conversation } from '../../shared/companion-cc.js';
import { OUTBOUND_REFUSALS } from '../../shared/outbound-call.js';

export type OutboundConversation =
  | { kind: 'create' }
  | { kind: 'join'; conversationId: string }
  | { kind: 'refuse'; status: 403 | 404; reason: string };

export const CONVERSATION_NOT_USABLE = OUTBOUND_REFUSALS.outbound_conversation_not_usable;

export interface OutboundFacts {
  agentId: string;
  /** The dialled E.164 number. */
  to: string;
  /** The customer's open (non-Closed) conversation, if any. */
  open: Conversation | undefined;
  /** The conversation the agent asked to continue (X-Outbound-Conversation-Id), when one was named. */
  requested?: { id: string; found: Conversation | undefined };
}

const usableBy = (c: Conversation, agentId: string) => c.assigneeId === null || c.assigneeId === agentId;

export function outboundConversation(f: OutboundFacts): OutboundConversation {
  const refuseOther = { kind: 'refuse', status: 403, reason: OUTBOUND_REFUSE_MESSAGE } as const;
  if (f.requested) {
    const c = f.requested.found;
    // Unknown (or another account's: the lookup is per account) → 404; a Closed one or another customer's
    // cannot be continued; another agent's is the §8.3 refusal.
    if (!c) return { kind: 'refuse', status: 404, reason: CONVERSATION_NOT_USABLE };
    if (c.status === 'Closed' || c.customerNumber !== f.to) return { kind: 'refuse', status: 403, reason: CONVERSATION_NOT_USABLE };
    if (!usableBy(c, f.agentId)) return refuseOther;
    return { kind: 'join', conversationId: c.id };
  }
  if (!f.open) return { kind: 'create' };
  if (!usableBy(f.open, f.agentId)) return refuseOther;
  // The customer has one open conversation at a time (§8.2): a call without a named conversation joins it.
  return { kind: 'join', conversationId: f.open.id };
}
