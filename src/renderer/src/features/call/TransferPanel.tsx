// Blind transfer (§7) with three tabs. Agents: colleagues of my queues from the server, available first,
// live status (re-read as soon as the companion reports a status change, by the Refresh button, and
// every 30 s in case the event stream was down). Queues: only queues with automatic
// assignment. Number: phonebook suggestions (People tagged external_number) as the agent types, E.164
// validation, the caller-ID rule (§7.3) and the server's phonebook check. Whatever goes wrong the agent
// sees "The call cannot be transferred." and keeps the call (§7.2).
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { BridgeError, type CallInfo } from '../../../../shared/contract.js';
import { EXTERNAL_NUMBER_TAG, type Person, type TransferTargets } from '../../../../shared/companion-cc.js';
import { useServices, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { formatE164 } from '../../phone/destination.js';
import { FromNumberSelect } from '../outbound/FromNumberSelect.js';
import { PeopleSuggestions } from '../outbound/PeopleSuggestions.js';
import { classifyNumberInput, fromChoice } from './transfer-logic.js';

const TABS = ['agents', 'queues', 'number'] as const;
type Tab = (typeof TABS)[number];
/** Safety net: status changes arrive as events; the list is also re-read this often while open. */
export const TARGETS_REFRESH_MS = 30_000;
/** Several status changes in a burst (a shift starting) cause one re-read. */
const STATUS_EVENT_DEBOUNCE_MS = 250;
const SUGGEST_DELAY_MS = 200;

type Targets = { state: 'loading' } | { state: 'error' } | { state: 'ready'; data: TransferTargets };

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

export function TransferPanel({ callId, channel = 'webrtc', onClose }: { callId: string; channel?: CallInfo['channel']; onClose: () => void }) {
  const t = useT();
  const { api } = useServices();
  const [tab, setTab] = useState<Tab>('agents');
  const [targets, setTargets] = useState<Targets>({ state: 'loading' });
  const [agent, setAgent] = useState('');
  const [queue, setQueue] = useState('');
  const [numberText, setNumberText] = useState('');
  const [suggestions, setSuggestions] = useState<Person[]>([]);
  const [refused, setRefused] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [numbers, setNumbers] = useState<{ number: string; label: string }[]>([]);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const baseId = useId();
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  const load = useCallback(async () => {
    try {
      const data = await api.transferTargets({});
      if (mounted.current) setTargets({ state: 'ready', data });
    } catch {
      if (mounted.current) setTargets((prev) => (prev.state === 'ready' ? prev : { state: 'error' }));
    }
  }, [api]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), TARGETS_REFRESH_MS);
    let pending: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('agentStatus', () => {
      clearTimeout(pending);
      pending = setTimeout(() => void load(), STATUS_EVENT_DEBOUNCE_MS);
    });
    return () => {
      clearInterval(timer);
      clearTimeout(pending);
      off();
    };
  }, [api, load]);

  const choice = fromChoice(channel);
  useEffect(() => {
    if (choice !== 'pick') return;
    api.accountNumbers({}).then((r) => mounted.current && setNumbers(r.numbers)).catch(() => undefined);
  }, [api, choice]);

  // Phonebook suggestions as the agent types (People tagged external_number); search is side-effect free.
  const query = useDebounced(numberText.trim(), SUGGEST_DELAY_MS);
  useEffect(() => {
    if (!query) {
      setSuggestions([]);
      return;
    }
    let current = true;
    api.searchPeople({ query: query.replace(/[\s\-().]/g, '').startsWith('+') ? query.replace(/[\s\-().]/g, '') : query, tag: EXTERNAL_NUMBER_TAG, limit: 8 })
      .then((r) => current && setSuggestions(r.people)).catch(() => current && setSuggestions([]));
    return () => {
      current = false;
    };
  }, [api, query]);

  const input = classifyNumberInput(numberText, suggestions);
  const agents = targets.state === 'ready' ? targets.data.agents : [];
  const queues = targets.state === 'ready' ? targets.data.queues : [];
  const target =
    tab === 'agents'
      ? agents.find((a) => a.login === agent)?.login ?? ''
      : tab === 'queues'
        ? queues.find((q) => q.name === queue)?.name ?? ''
        : choice !== 'not-allowed' && !refused && (input.kind === 'phonebook' || input.kind === 'typed')
          ? input.number
          : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target || busy) return;
    setBusy(true);
    setFailed(false);
    try {
      if (tab === 'number') {
        // The server has the last word on numbers not in People (setting "allow numbers not in People").
        try {
          await api.transferCheck({ target });
        } catch (err) {
          if (err instanceof BridgeError && err.code === 'not_in_phonebook') {
            setRefused(target);
            return;
          }
          throw err;
        }
      }
      // §7.3: only a WebRTC customer's external transfer carries the agent's From choice ("" = automatic).
      await api.transfer({ callId, target, ...(tab === 'number' && choice === 'pick' && from ? { from } : {}) });
    } catch {
      setFailed(true);
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); only the selected tab is in the Tab order.
  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const ids = { field: `${baseId}-field`, hint: `${baseId}-hint`, from: `${baseId}-from` };
  const refreshButton = (
    <button type="button" className="secondary" onClick={() => void load()}>
      {t('transfer.refresh')}
    </button>
  );
  const listState = (empty: MessageKey) =>
    targets.state === 'loading' ? (
      <p className="muted small">{t('transfer.loading')}</p>
    ) : targets.state === 'error' ? (
      <p className="field-error small">{t('transfer.loadFailed')}</p>
    ) : (
      <p className="muted small">{t(empty)}</p>
    );

  const numberNotFound = input.kind === 'notFound' || (refused !== null && refused === (input.kind === 'typed' || input.kind === 'phonebook' ? input.number : null));
  const numberHint =
    choice === 'not-allowed'
      ? { error: true, text: t('transfer.notForWhatsApp') }
      : input.kind === 'badNumber'
        ? { error: true, text: t('outbound.notE164') }
        : numberNotFound
          ? { error: true, text: t('notice.not_in_phonebook') }
          : input.kind === 'phonebook'
            ? { error: false, text: t('transfer.willTransferTo', { name: input.name, number: formatE164(input.number) }) }
            : input.kind === 'typed'
              ? { error: false, text: t('transfer.willTransfer', { number: input.display }) }
              : { error: false, text: t('transfer.numberHint') };

  return (
    <section className="transfer" aria-label={t('call.transfer')}>
      <div role="tablist" aria-label={t('transfer.kind')} className="tabs" onKeyDown={onTabKey}>
        {TABS.map((k) => (
          <button
            key={k}
            ref={(el) => {
              tabRefs.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === k ? 0 : -1}
            onClick={() => setTab(k)}
          >
            {t(`transfer.tab.${k}` as MessageKey)}
          </button>
        ))}
      </div>
      <form role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${tab}`} onSubmit={submit}>
        {tab === 'agents' && (
          <fieldset className="targets">
            <legend>{t('transfer.agentsLegend')}</legend>
            {agents.length === 0 && listState('transfer.noAgents')}
            {agents.map((a) => (
              <label key={a.id} className={a.available ? 'target available' : 'target'}>
                <input type="radio" name={`${baseId}-agent`} value={a.login} checked={agent === a.login} onChange={() => setAgent(a.login)} />
                <span>{t('transfer.agentOption', { name: a.displayName, status: t(`status.${a.status}` as MessageKey) })}</span>
              </label>
            ))}
            {refreshButton}
          </fieldset>
        )}
        {tab === 'queues' && (
          <fieldset className="targets">
            <legend>{t('transfer.queuesLegend')}</legend>
            {queues.length === 0 && listState('transfer.noQueues')}
            {queues.map((q) => (
              <label key={q.id} className="target">
                <input type="radio" name={`${baseId}-queue`} value={q.name} checked={queue === q.name} onChange={() => setQueue(q.name)} />
                <span>{q.displayName}</span>
              </label>
            ))}
            {refreshButton}
          </fieldset>
        )}
        {tab === 'number' && (
          <>
            <label htmlFor={ids.field}>{t('transfer.numberOrName')}</label>
            <input
              id={ids.field}
              value={numberText}
              onChange={(e) => {
                setNumberText(e.target.value);
                setRefused(null);
              }}
              autoComplete="off"
              maxLength={200}
              disabled={choice === 'not-allowed'}
              aria-invalid={numberHint.error}
              aria-describedby={ids.hint}
            />
            <PeopleSuggestions
              people={suggestions}
              label={t('transfer.suggestions')}
              onPick={(n) => {
                setNumberText(n);
                setRefused(null);
              }}
            />
            <p id={ids.hint} className={numberHint.error ? 'field-error small' : 'muted small'}>
              {numberHint.text}
            </p>
            {choice === 'customer-number' && <p className="muted small">{t('transfer.fromCustomer')}</p>}
            {choice === 'pick' && (
              <FromNumberSelect id={ids.from} label={t('transfer.from')} emptyLabel={t('transfer.fromAutomatic')} numbers={numbers} value={from} onChange={setFrom} />
            )}
          </>
        )}
        <div className="inline actions">
          <button type="submit" disabled={!target || busy}>
            {busy ? t('transfer.working') : t('call.transferSubmit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('call.transferCancel')}
          </button>
        </div>
      </form>
      {failed && (
        <p role="alert" className="form-error">
          {t('notice.transfer_failed')}
        </p>
      )}
    </section>
  );
}
