// Blind transfer (§7) with three tabs: Agents, Queues, Number. A number must be valid E.164; whatever
// goes wrong the agent sees "The call cannot be transferred." and keeps the call (§7.2).
// The server does not list agents, queues or phonebook entries yet, so each tab takes a typed target.
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useServices, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { parseDestination } from '../../phone/destination.js';

const TABS = ['agents', 'queues', 'number'] as const;
type Tab = (typeof TABS)[number];
const FIELD_LABEL: Record<Tab, MessageKey> = { agents: 'transfer.agent', queues: 'transfer.queue', number: 'transfer.number' };
const NAME = /^[A-Za-z0-9._@:+-]{1,200}$/;

export function TransferPanel({ callId, onClose }: { callId: string; onClose: () => void }) {
  const t = useT();
  const { api } = useServices();
  const [tab, setTab] = useState<Tab>('agents');
  const [values, setValues] = useState<Record<Tab, string>>({ agents: '', queues: '', number: '' });
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const baseId = useId();
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const value = values[tab].trim();
  const number = tab === 'number' ? parseDestination(value) : null;
  const numberInvalid = tab === 'number' && value !== '' && number?.kind !== 'e164';
  const target = tab === 'number' ? (number?.kind === 'e164' ? number.value : '') : NAME.test(value) ? value : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target || busy) return;
    setBusy(true);
    setFailed(false);
    try {
      await api.transfer({ callId, target });
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
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

  const fieldId = `${baseId}-field`;
  const hintId = `${baseId}-hint`;
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
        <label htmlFor={fieldId}>{t(FIELD_LABEL[tab])}</label>
        <div className="inline">
          <input
            id={fieldId}
            value={values[tab]}
            onChange={(e) => setValues((v) => ({ ...v, [tab]: e.target.value }))}
            autoComplete="off"
            maxLength={200}
            inputMode={tab === 'number' ? 'tel' : 'text'}
            aria-invalid={numberInvalid}
            aria-describedby={tab === 'number' ? hintId : undefined}
          />
          <button type="submit" disabled={!target || busy}>
            {busy ? t('transfer.working') : t('call.transferSubmit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('call.transferCancel')}
          </button>
        </div>
        {tab === 'number' && (
          <p id={hintId} className={numberInvalid ? 'field-error small' : 'muted small'}>
            {numberInvalid
              ? t('outbound.notE164')
              : number?.kind === 'e164'
                ? t('transfer.willTransfer', { number: number.display })
                : t('transfer.numberHint')}
          </p>
        )}
      </form>
      {failed && (
        <p role="alert" className="form-error">
          {t('notice.transfer_failed')}
        </p>
      )}
    </section>
  );
}
