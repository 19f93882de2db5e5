// The New call form (§8.3): From (account numbers), To (People search suggestions or a typed number,
// validated as E.164 and shown formatted; extensions and SIP addresses also dial), optional priority,
// tags and queue (only the agent's queues). Before dialling a customer number the existing-conversation
// check runs; its outcomes are dialogs: open-existing → offer to open it and call, refuse → explain, new → dial.
// Other parts of the app open this form prefilled with `openOutbound({ to })` (work-store.ts).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Person } from '../../../../shared/companion-cc.js';
import type { MyQueues } from '../../../../shared/companion-bridge.js';
import { useRunAction } from '../../app/actions.js';
import { errorText, useServices, useT } from '../../app/context.js';
import { useFocusTrap } from '../../app/focus-trap.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { parseDestination } from '../../phone/destination.js';
import { openConversation, takeOutbound, useWork } from '../work/work-store.js';
import { CallFormFields, firstMissing, useForms, type FormAnswers } from './CallFormFields.js';
import { saveFormWhenLinked } from './form-saver.js';
import { FromNumberSelect } from './FromNumberSelect.js';
import { PeopleSuggestions } from './PeopleSuggestions.js';
import { needsCheck, nextStep, parseTags, PRIORITIES, type Priority } from './outbound-logic.js';
import { ModalDialog } from '../../app/ModalDialog.js';

const SUGGEST_DELAY_MS = 200;
type Dialog = { kind: 'confirm-open'; conversationId: string; to: string } | { kind: 'refused' } | null;

function ExistingDialog({ dialog, onOpen, onClose }: { dialog: Exclude<Dialog, null>; onOpen: () => void; onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  useFocusTrap(ref);
  useEffect(() => first.current?.focus(), []);
  const refused = dialog.kind === 'refused';
  return (
    <ModalDialog
      dialogRef={ref}
      role={refused ? 'alertdialog' : 'dialog'}
      labelledBy={titleId}
      describedBy={textId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id={titleId}>{t(refused ? 'outbound.refusedTitle' : 'outbound.existingTitle')}</h2>
      <p id={textId}>{t(refused ? 'outbound.refused' : 'outbound.existing')}</p>
      <div className="modal-actions">
        {refused ? (
          <button ref={first} type="button" className="primary" onClick={onClose}>
            {t('outbound.close')}
          </button>
        ) : (
          <>
            <button ref={first} type="button" className="primary" onClick={onOpen}>
              {t('outbound.openAndCall')}
            </button>
            <button type="button" onClick={onClose}>
              {t('call.cancel')}
            </button>
          </>
        )}
      </div>
    </ModalDialog>
  );
}

export function OutboundCall() {
  const t = useT();
  const { api, store } = useServices();
  const run = useRunAction();
  const forms = useForms();
  const [formAnswers, setFormAnswers] = useState<FormAnswers | null>(null);
  const [formMissing, setFormMissing] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const [from, setFrom] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [tagText, setTagText] = useState('');
  const [queue, setQueue] = useState('');
  const [numbers, setNumbers] = useState<{ number: string; label: string }[]>([]);
  const [queues, setQueues] = useState<MyQueues['queues']>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const toRef = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), to: useId(), hint: useId(), from: useId(), priority: useId(), tags: useId(), tagsHint: useId(), queue: useId() };
  const destination = parseDestination(to);
  const invalid = destination.kind === 'invalid' && destination.reason === 'notE164';
  const tags = parseTags(tagText);
  const request = useWork((s) => s.outbound);

  useEffect(() => {
    api.accountNumbers({}).then((r) => setNumbers(r.numbers)).catch(() => undefined);
    api.myQueues({}).then((r) => setQueues(r.queues)).catch(() => undefined);
  }, [api]);

  // Click-to-dial and other entry points: fill the form and put the focus on it; the agent presses Call.
  useEffect(() => {
    if (!request) return;
    setTo(request.to);
    if (request.from) setFrom(request.from);
    setTouched(true);
    takeOutbound(request.seq);
    toRef.current?.focus();
  }, [request]);

  // People suggestions for "To" as the agent types (names or numbers).
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(to.trim()), SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [to]);
  useEffect(() => {
    if (!query) {
      setPeople([]);
      return;
    }
    const compact = query.replace(/[\s\-().]/g, '');
    let current = true;
    api.searchPeople({ query: /^\+?\d+$/.test(compact) ? compact : query, limit: 6 }).then((r) => current && setPeople(r.people)).catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api, query]);

  // Customer numbers carry the §8.3 options (the server validates and applies them); extensions and SIP
  // addresses are internal calls without a conversation.
  const dial = async (target: string, conversationId?: string) => {
    const options = parseDestination(target).kind === 'e164'
      ? { from: from || undefined, queue: queue || undefined, priority, tags: tags.tags.length ? tags.tags : undefined, conversationId }
      : {};
    let callId = '';
    if (await run(async () => { callId = (await api.dial({ target, ...options })).callId; })) {
      // The optional form goes to the call's conversation (customer numbers only: others have none).
      if (formAnswers && parseDestination(target).kind === 'e164') {
        saveFormWhenLinked({
          store, api,
          onDone: (err) => store.addNotice(err
            ? { level: 'error', code: 'form_not_saved', message: t('form.saveFailed', { message: errorText(t, err) }) }
            : { level: 'info', code: 'form_saved', message: t('form.saved') }),
        }, { callId, conversationId, ...formAnswers });
      }
      setFormAnswers(null);
      setTo('');
      setTagText('');
      setTouched(false);
      setPeople([]);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const missing = formAnswers ? firstMissing(forms.find((f) => f.id === formAnswers.formId), formAnswers.values) : null;
    setFormMissing(missing);
    if (destination.kind === 'invalid' || busy || tags.invalid.length || missing) return;
    setBusy(true);
    try {
      let check = null;
      if (needsCheck(destination)) {
        const ok = await run(async () => {
          check = await api.outboundCheck({ to: destination.value });
        });
        if (!ok) return;
      }
      const step = nextStep(check);
      if (step.step === 'dial') await dial(destination.value);
      else if (step.step === 'confirm-open') setDialog({ kind: 'confirm-open', conversationId: step.conversationId, to: destination.value });
      else setDialog({ kind: 'refused' });
    } finally {
      setBusy(false);
    }
  };

  const matched = destination.kind === 'e164' ? people.find((p) => p.numbers.includes(destination.value)) : undefined;
  const hint = touched && invalid
    ? { error: true, text: t('outbound.notE164') }
    : destination.kind === 'e164'
      ? { error: false, text: matched ? t('outbound.willCallName', { name: matched.name, number: destination.display }) : t('outbound.willCall', { number: destination.display }) }
      : { error: false, text: t('outbound.hint') };

  return (
    <form className="dial" onSubmit={submit} aria-labelledby={ids.title}>
      <h3 id={ids.title}>{t('outbound.title')}</h3>
      <FromNumberSelect id={ids.from} label={t('outbound.from')} emptyLabel={t('outbound.fromDefault')} numbers={numbers} value={from} onChange={setFrom} />
      <label htmlFor={ids.to}>{t('outbound.to')}</label>
      <div className="inline">
        <input
          ref={toRef}
          id={ids.to}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          onBlur={() => setTouched(to.trim() !== '')}
          placeholder={t('outbound.toPlaceholder')}
          autoComplete="off"
          maxLength={200}
          aria-invalid={touched && invalid}
          aria-describedby={ids.hint}
        />
        <button type="submit" className="primary" disabled={!to.trim() || busy}>
          {t('idle.call')}
        </button>
      </div>
      <p id={ids.hint} className={hint.error ? 'field-error small' : 'muted small'}>
        {hint.text}
      </p>
      <PeopleSuggestions
        people={people}
        label={t('outbound.people')}
        omit={destination.kind === 'e164' ? destination.value : undefined}
        onPick={(n) => {
          setTo(n);
          setTouched(true);
          toRef.current?.focus();
        }}
      />
      <CallFormFields forms={forms} value={formAnswers} missing={formMissing} onChange={(v) => { setFormAnswers(v); setFormMissing(null); }} />
      <details className="optional">
        <summary>{t('outbound.more')}</summary>
        <div className="field">
          <label htmlFor={ids.queue}>{t('outbound.queue')}</label>
          <select id={ids.queue} value={queue} onChange={(e) => setQueue(e.target.value)}>
            <option value="">{t('outbound.queueNone')}</option>
            {queues.map((q) => (
              <option key={q.id} value={q.name}>
                {q.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.priority}>{t('outbound.priority')}</label>
          <select id={ids.priority} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`outbound.priority.${p}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.tags}>{t('outbound.tags')}</label>
          <input id={ids.tags} value={tagText} onChange={(e) => setTagText(e.target.value)} maxLength={400} autoComplete="off" aria-invalid={tags.invalid.length > 0} aria-describedby={ids.tagsHint} />
          <p id={ids.tagsHint} className={tags.invalid.length ? 'field-error small' : 'muted small'}>
            {tags.invalid.length ? t('outbound.tagsInvalid', { tags: tags.invalid.join(', ') }) : t('outbound.tagsHint')}
          </p>
        </div>
      </details>
      {dialog && (
        <ExistingDialog
          dialog={dialog}
          onClose={() => {
            setDialog(null);
            toRef.current?.focus();
          }}
          onOpen={() => {
            if (dialog.kind !== 'confirm-open') return;
            setDialog(null);
            openConversation(dialog.conversationId);
            void dial(dialog.to, dialog.conversationId);
          }}
        />
      )}
    </form>
  );
}
