// What happens after the §8.3 existing-conversation check, as a pure decision (table-tested).
import type { OutboundCheckResponse } from '../../../../shared/companion-cc.js';
import type { Destination } from '../../phone/destination.js';

export type OutboundStep =
  /** Dial straight away (new conversation, or an internal extension / SIP address: no customer check). */
  | { step: 'dial' }
  /** Mine or unassigned: offer to open it and continue (a follow-up call is allowed). */
  | { step: 'confirm-open'; conversationId: string }
  /** Another agent's: refuse. */
  | { step: 'refused' };

/** Only customer numbers (E.164) are checked against conversations. */
export const needsCheck = (d: Destination): boolean => d.kind === 'e164';

export function nextStep(check: OutboundCheckResponse | null): OutboundStep {
  if (!check || check.outcome === 'new') return { step: 'dial' };
  if (check.outcome === 'open-existing') return { step: 'confirm-open', conversationId: check.conversationId };
  return { step: 'refused' };
}

export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** "billing, VIP  ,,x" → ["billing", "vip", "x"]: the server's tag rule (lowercase, digits, _ and -). */
export function parseTags(text: string): { tags: string[]; invalid: string[] } {
  const parts = text.split(/[,\s]+/).map((p) => p.trim().toLowerCase()).filter(Boolean);
  const tags = [...new Set(parts.filter((p) => /^[a-z0-9_-]{1,40}$/.test(p)))];
  return { tags, invalid: parts.filter((p) => !/^[a-z0-9_-]{1,40}$/.test(p)) };
}
