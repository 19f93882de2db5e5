// Wrap-up (§10): countdown, optional "+10s", notes and conversation status (saved to the conversation by
// the server's wrap-up finish), an optional call-quality rating (a timeline event), "Done".
import { useEffect, useId, useRef, useState } from 'react';
import type { WrapUp } from '../../../../shared/contract.js';
import { errorText, useServices, useT } from '../../app/context.js';
import { secondsLeft, useNow } from '../../time/time.js';
import { CALL_RATINGS } from '../../../../shared/companion-bridge.js';
import { conversationsChanged } from '../work/work-store.js';
import { ConversationStatusSelect } from '../work/ConversationStatusSelect.js';
import { clearDraft, loadDraft, saveDraft, type WrapUpDraft } from './drafts.js';

/** With notes typed, they are sent this close to the end so the countdown does not discard them. */
export const AUTO_SUBMIT_SECONDS = 1;

export function WrapUpPanel({ wrapUp }: { wrapUp: WrapUp }) {
  const t = useT();
  const { api, drafts, store } = useServices();
  const [draft, setDraft] = useState<WrapUpDraft>(() => loadDraft(drafts, wrapUp.callId));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitted = useRef(false);
  const rated = useRef(false);
  const now = useNow(250);
  const left = secondsLeft(wrapUp.endsAt, now);
  const ids = { title: useId(), notes: useId(), status: useId(), rating: useId() };

  useEffect(() => saveDraft(drafts, wrapUp.callId, draft), [drafts, wrapUp.callId, draft]);

  const finish = async (auto: boolean) => {
    if (submitted.current) return;
    submitted.current = true;
    setBusy(true);
    setError(null);
    try {
      // The rating first: after finish the wrap-up (and this panel) may be gone at once.
      if (draft.rating !== null && !rated.current) {
        // A lost rating must not keep the agent in wrap-up: say so and go on.
        await api.rateCall({ callId: wrapUp.callId, conversationId: wrapUp.conversationId ?? undefined, rating: draft.rating }).then(
          () => void (rated.current = true),
          () => store.addNotice({ level: 'warning', code: 'rating_failed', message: t('wrapUp.ratingFailed') }),
        );
      }
      await api.finishWrapUp({ notes: draft.notes.trim() ? draft.notes : undefined, status: draft.status });
      clearDraft(drafts, wrapUp.callId);
      conversationsChanged();
    } catch (err) {
      submitted.current = false;
      // After an automatic save the wrap-up has usually ended on its own; the draft stays in storage.
      if (!auto) setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  // Notes or a rating would be lost if the countdown ended without sending them.
  const hasNotes = draft.notes.trim() !== '' || draft.rating !== null;
  useEffect(() => {
    // finish is recreated each render; only the countdown and the notes trigger the automatic save.
    if (left <= AUTO_SUBMIT_SECONDS && hasNotes && !submitted.current) void finish(true);
  }, [left, hasNotes]);

  return (
    <section className="panel wrap-up" aria-labelledby={ids.title}>
      <div className="wrap-up-head">
        <h2 id={ids.title}>{t('wrapUp.title')}</h2>
        <div className="countdown">
          <span role="timer" className="timer">
            {t('wrapUp.endsIn', { seconds: left })}
          </span>
          {wrapUp.canExtend && (
            <button type="button" title={t('wrapUp.extendLabel')} onClick={() => void api.extendWrapUp({}).catch((err: unknown) => setError(errorText(t, err)))}>
              {t('wrapUp.extend')}
            </button>
          )}
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.notes}>{t('wrapUp.notes')}</label>
        <textarea id={ids.notes} rows={6} maxLength={20_000} value={draft.notes} onChange={(e) => setDraft((d) => ({ ...d, notes: e.target.value }))} />
      </div>
      <div className="field">
        <label htmlFor={ids.status}>{t('wrapUp.conversationStatus')}</label>
        <ConversationStatusSelect id={ids.status} value={draft.status} onChange={(status) => setDraft((d) => ({ ...d, status }))} />
      </div>
      <div className="field">
        <label htmlFor={ids.rating}>{t('wrapUp.rating')}</label>
        <select
          id={ids.rating}
          value={draft.rating ?? ''}
          onChange={(e) => setDraft((d) => ({ ...d, rating: e.target.value ? Number(e.target.value) : null }))}
        >
          <option value="">{t('wrapUp.ratingNone')}</option>
          {CALL_RATINGS.map((r) => (
            <option key={r} value={r}>
              {t(`wrapUp.rating.${r}`)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void finish(false)}>
          {t('wrapUp.done')}
        </button>
      </div>
    </section>
  );
}
