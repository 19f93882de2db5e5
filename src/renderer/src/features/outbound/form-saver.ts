// Saves the New call form's answers once the outbound call's conversation is known: at once for a
// follow-up in an existing conversation, else when the companion names it (CallInfo.conversationId, or
// the wrap-up's conversation if the call ended first). The New call form unmounts while the call runs,
// so this lives on the store rather than in the component.
import type { SoftphoneApi } from '../../../../shared/bridge.js';
import type { AppState } from '../../../../shared/contract.js';
import type { AppStore } from '../../store/store.js';

export interface PendingForm {
  callId: string;
  /** Known up front when the agent chose "Open conversation and call". */
  conversationId?: string;
  formId: string;
  values: Record<string, string>;
}

/** Where the call stands: its conversation once named, 'waiting' while it (or its wrap-up) is on, else 'absent'. */
export type FormLink = { conversationId: string } | 'waiting' | 'absent';

export function linkOf(app: Pick<AppState, 'call' | 'wrapUp'>, callId: string): FormLink {
  if (app.call?.callId === callId && app.call.conversationId) return { conversationId: app.call.conversationId };
  if (app.wrapUp?.callId === callId && app.wrapUp.conversationId) return { conversationId: app.wrapUp.conversationId };
  return app.call?.callId === callId || app.wrapUp?.callId === callId ? 'waiting' : 'absent';
}

export function saveFormWhenLinked(
  deps: { store: AppStore; api: Pick<SoftphoneApi, 'saveConversationForm'>; onDone: (err?: unknown) => void },
  pending: PendingForm,
): void {
  const save = (conversationId: string) => {
    deps.api.saveConversationForm({ conversationId, formId: pending.formId, values: pending.values }).then(() => deps.onDone(), (err: unknown) => deps.onDone(err));
  };
  if (pending.conversationId) return save(pending.conversationId);
  // 'absent' before the call's first state event is normal; after it was seen, the call ended unlinked.
  let seen = false;
  let stop = (): void => undefined;
  const check = () => {
    const link = linkOf(deps.store.getSnapshot().app, pending.callId);
    if (typeof link === 'object') {
      stop();
      save(link.conversationId);
    } else if (link === 'waiting') {
      seen = true;
    } else if (seen) {
      // Over without a conversation (e.g. the carrier refused the call): nothing to save.
      stop();
    }
  };
  stop = deps.store.subscribe(check);
  check();
}
