// "My work": the agent's conversations (newest first, callback marker), and the one opened with its
// timeline (events from the server), status and notes. Re-read when a call or wrap-up ends, when another
// screen changed a conversation (conversationsChanged) and by Refresh.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { type Conversation, type ConversationDetail, type ConversationStatus } from '../../../../shared/companion-cc.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useSnapshot, useT } from '../../app/context.js';
import { formatE164 } from '../../phone/destination.js';
import { conversationsChanged, openConversation, useWork } from './work-store.js';
import { ConversationFormSection } from './ConversationFormSection.js';
import { ConversationStatusSelect } from './ConversationStatusSelect.js';

/** Details read for the callback marker of the list's first rows (the list itself carries no events). */
const MARKER_ROWS = 20;

const who = (c: Pick<Conversation, 'customerName' | 'customerNumber'>, unknown: string) =>
  c.customerName ?? (c.customerNumber?.startsWith('+') ? formatE164(c.customerNumber) : c.customerNumber) ?? unknown;

const hasCallback = (d: ConversationDetail) => d.events.some((e) => e.type === 'callback');

function ConversationView({ id, onChanged }: { id: string; onChanged: () => void }) {
  const t = useT();
  const { api, store } = useServices();
  const run = useRunAction();
  const locale = useSnapshot((s) => s.locale);
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [failed, setFailed] = useState(false);
  const [notes, setNotes] = useState('');
  const ids = { title: useId(), status: useId(), notes: useId(), timeline: useId() };
  const revision = useWork((s) => s.revision);

  useEffect(() => {
    let current = true;
    api.conversation({ id }).then(
      (d) => {
        if (!current) return;
        setDetail(d);
        setNotes(d.notes);
        setFailed(false);
      },
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [api, id, revision]);

  if (failed) return <p className="field-error small">{t('work.loadFailed')}</p>;
  if (!detail) return <p className="muted small">{t('transfer.loading')}</p>;
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });

  const patch = async (p: { status?: ConversationStatus; notes?: string }) => {
    if (await run(async () => setDetail({ ...detail, ...(await api.updateConversation({ id, ...p })) }))) {
      if (p.notes !== undefined) store.addNotice({ level: 'info', code: 'notes_saved', message: t('work.notesSaved') });
      onChanged();
    }
  };

  return (
    <article className="conversation" aria-labelledby={ids.title}>
      <h4 id={ids.title}>
        {who(detail, t('work.unknownCustomer'))}
        {hasCallback(detail) && <span className="badge-callback"> {t('work.callback')}</span>}
      </h4>
      <div className="field">
        <label htmlFor={ids.status}>{t('work.statusLabel')}</label>
        <ConversationStatusSelect id={ids.status} value={detail.status} onChange={(status) => void patch({ status })} />
      </div>
      <div className="field">
        <label htmlFor={ids.notes}>{t('work.notesLabel')}</label>
        <textarea id={ids.notes} rows={3} maxLength={20_000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        <button type="button" disabled={notes === detail.notes} onClick={() => void patch({ notes })}>
          {t('work.saveNotes')}
        </button>
      </div>
      <ConversationFormSection conversationId={id} form={detail.form} onSaved={(form) => { setDetail({ ...detail, form }); onChanged(); }} />
      <h5 id={ids.timeline}>{t('work.timeline')}</h5>
      {detail.events.length === 0 ? (
        <p className="muted small">{t('work.noEvents')}</p>
      ) : (
        <ol className="timeline" aria-labelledby={ids.timeline}>
          {detail.events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.createdAt).toISOString()}>{time.format(e.createdAt)}</time> {e.text}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

export function MyWork() {
  const t = useT();
  const { api } = useServices();
  const openId = useWork((s) => s.openConversationId);
  const revision = useWork((s) => s.revision);
  // Calls and wrap-ups change the conversations (new ones, timeline events): re-read when they start and end.
  const idle = useSnapshot((s) => s.app.call === null && s.app.wrapUp === null);
  // An answered call's conversation exists from the answer on (the server creates or joins it then).
  const busyKey = useSnapshot((s) => s.app.wrapUp?.callId ?? (s.app.call ? `${s.app.call.callId}|${s.app.call.answeredAt !== null}` : ''));
  const [list, setList] = useState<Conversation[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [callbacks, setCallbacks] = useState<ReadonlySet<string>>(new Set());
  const markers = useRef(new Map<string, { updatedAt: number; callback: boolean }>());
  const titleId = useId();

  // Signed out (or another agent signs in): forget the opened conversation.
  useEffect(() => () => openConversation(null), []);

  const load = useCallback(async () => {
    try {
      const { conversations } = await api.myConversations({});
      setList(conversations);
      setFailed(false);
      // Only conversations changed since they were last read are fetched again for their marker.
      const known = markers.current;
      await Promise.all(conversations.slice(0, MARKER_ROWS).filter((c) => known.get(c.id)?.updatedAt !== c.updatedAt).map(async (c) => {
        const d = await api.conversation({ id: c.id }).catch(() => null);
        if (d) known.set(c.id, { updatedAt: c.updatedAt, callback: hasCallback(d) });
      }));
      setCallbacks(new Set(conversations.filter((c) => known.get(c.id)?.callback).map((c) => c.id)));
    } catch {
      setFailed(true);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load, revision, idle, busyKey]);

  return (
    <section className="panel my-work" aria-labelledby={titleId}>
      <div className="inline">
        <h3 id={titleId}>{t('work.title')}</h3>
        <button type="button" className="secondary" onClick={() => void load()}>
          {t('work.refresh')}
        </button>
      </div>
      {failed && <p className="field-error small">{t('work.loadFailed')}</p>}
      {list && list.length === 0 && <p className="muted small">{t('work.empty')}</p>}
      {list && list.length > 0 && (
        <ul aria-label={t('work.conversations')}>
          {list.map((c) => (
            <li key={c.id}>
              <button type="button" className="link" aria-pressed={openId === c.id} onClick={() => openConversation(openId === c.id ? null : c.id)}>
                {t('work.row', { customer: who(c, t('work.unknownCustomer')), status: t(`conversation.${c.status}`) })}
                {callbacks.has(c.id) ? ` · ${t('work.callback')}` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
      {openId && <ConversationView key={openId} id={openId} onChanged={conversationsChanged} />}
    </section>
  );
}
