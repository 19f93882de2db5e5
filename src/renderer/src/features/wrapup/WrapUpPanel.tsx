// Wrap-up (§10): countdown, optional "+10s", notes and conversation status, "Done".
import { useEffect, useId, useRef, useState } from 'react';
import type { WrapUp } from '../../../../shared/contract.js';
import { errorText, useServices, useT } from '../../app/context.js';
import { secondsLeft, useNow } from '../../time/time.js';
import { clearDraft, CONVERSATION_STATUSES, loadDraft, saveDraft, type ConversationStatus, type WrapUpDraft } from './drafts.js';

/** With notes typed, they are sent this close to the end so the countdown does not discard them. */
export const AUTO_SUBMIT_SECONDS = 1;

export function WrapUpPanel({ wrapUp }: { wrapUp: WrapUp }) {
  const t = useT();
  const { api, drafts } = useServices();
  const [draft, setDraft] = useState<WrapUpDraft>(() => loadDraft(drafts, wrapUp.callId));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitted = useRef(false);
  const now = useNow(250);
  const left = secondsLeft(wrapUp.endsAt, now);
  const ids = { title: useId(), notes: useId(), status: useId() };

  useEffect(() => saveDraft(drafts, wrapUp.callId, draft), [drafts, wrapUp.callId, draft]);

  const finish = async (auto: boolean) => {
    if (submitted.current) return;
    submitted.current = true;
    setBusy(true);
    setError(null);
    try {
      await api.finishWrapUp({ notes: draft.notes.trim() ? draft.notes : undefined, status: draft.status });
      clearDraft(drafts, wrapUp.callId);
    } catch (err) {
      submitted.current = false;
      // After an automatic save the wrap-up has usually ended on its own; the draft stays in storage.
      if (!auto) setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const hasNotes = draft.notes.trim() !== '';
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
        <select
          id={ids.status}
          value={draft.status}
          onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value as ConversationStatus }))}
        >
          {CONVERSATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`conversation.${s}`)}
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
