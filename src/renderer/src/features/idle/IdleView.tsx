// Between calls: what the agent can expect (ready / not receiving calls) and a simple dial field.
import { useId, useState, type FormEvent } from 'react';
import type { AppState } from '../../../../shared/contract.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useSnapshot, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';

export function idleMessageKey(app: Pick<AppState, 'agentStatus'>): MessageKey {
  switch (app.agentStatus) {
    case 'Available':
      return 'idle.ready';
    case 'Busy':
      return 'idle.busy';
    case 'Away':
      return 'idle.away';
    case 'On hold':
      return 'idle.onHold';
    case 'Offline':
      return 'idle.offline';
  }
}

export function IdleView() {
  const t = useT();
  const { api } = useServices();
  const run = useRunAction();
  const app = useSnapshot((s) => s.app);
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const dialId = useId();

  const dial = async (e: FormEvent) => {
    e.preventDefault();
    const to = target.trim();
    if (!to || busy) return;
    setBusy(true);
    if (await run(() => api.dial({ target: to }))) setTarget('');
    setBusy(false);
  };

  return (
    <section className="panel idle">
      <h2>{t(idleMessageKey(app))}</h2>
      {app.registration.state !== 'registered' && <p className="muted">{t('idle.notRegistered')}</p>}
      <form className="dial" onSubmit={dial}>
        <label htmlFor={dialId}>{t('idle.dial')}</label>
        <div className="inline">
          <input
            id={dialId}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder={t('idle.dialPlaceholder')}
            inputMode="tel"
            autoComplete="off"
            maxLength={200}
          />
          <button type="submit" className="primary" disabled={!target.trim() || busy}>
            {t('idle.call')}
          </button>
        </div>
      </form>
    </section>
  );
}
