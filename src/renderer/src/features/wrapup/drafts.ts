// Wrap-up drafts in sessionStorage, keyed by call id, so notes survive a reload of the window.
import { z } from 'zod';

export const CONVERSATION_STATUSES = ['Open', 'Waiting', 'Solved', 'Closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

const DraftSchema = z.object({
  notes: z.string().max(20_000).catch(''),
  status: z.enum(CONVERSATION_STATUSES).catch('Open'),
  /** Optional call-quality rating 1–5 (§10.3); null = not rated. */
  rating: z.number().int().min(1).max(5).nullable().catch(null),
});
export type WrapUpDraft = z.infer<typeof DraftSchema>;

export const draftKey = (callId: string) => `softphone.wrapUp.${callId}`;
export const emptyDraft = (): WrapUpDraft => ({ notes: '', status: 'Open', rating: null });

export function loadDraft(storage: Storage | null, callId: string): WrapUpDraft {
  try {
    const raw = storage?.getItem(draftKey(callId));
    if (!raw) return emptyDraft();
    const parsed = DraftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : emptyDraft();
  } catch {
    return emptyDraft();
  }
}

export function saveDraft(storage: Storage | null, callId: string, draft: WrapUpDraft): void {
  try {
    storage?.setItem(draftKey(callId), JSON.stringify(draft));
  } catch {
    // Quota or privacy mode: the draft lives in memory only.
  }
}

export function clearDraft(storage: Storage | null, callId: string): void {
  try {
    storage?.removeItem(draftKey(callId));
  } catch {
    // Nothing to clean up.
  }
}
