// Between calls: what the agent can expect (ready / not receiving calls) and the outbound call form
// (§8.3): "To" takes an E.164 number (validated, shown formatted), an extension or a SIP address.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { AppState } from '../../../../shared/contract.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useSnapshot, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { parseDestination } from '../../phone/destination.js';
import { useDialRequest } from '../desktop/dial-request.js';

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
  const [touched, setTouched] = useState(false);
  const dialId = useId();
  const hintId = useId();
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  // Click-to-dial: a tel:/sip:/callto: link prefills "To"; the agent still presses Call.
  useDialRequest((link) => {
    setTarget(link);
    setTouched(true);
    input.current?.focus();
  });
  const destination = parseDestination(target);
  const invalid = destination.kind === 'invalid' && destination.reason === 'notE164';

  const dial = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (destination.kind === 'invalid' || busy) return;
    setBusy(true);
    if (await run(() => api.dial({ target: destination.value }))) {
      setTarget('');
      setTouched(false);
    }
    setBusy(false);
  };

  return (
    <section className="panel idle">
      <h2>{t(idleMessageKey(app))}</h2>
      {app.registration.state !== 'registered' && <p className="muted">{t('idle.notRegistered')}</p>}
      <form className="dial" onSubmit={dial} aria-labelledby={titleId}>
        <h3 id={titleId}>{t('outbound.title')}</h3>
        <label htmlFor={dialId}>{t('outbound.to')}</label>
        <div className="inline">
          <input
            ref={input}
            id={dialId}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            onBlur={() => setTouched(target.trim() !== '')}
            placeholder={t('idle.dialPlaceholder')}
            inputMode="tel"
            autoComplete="off"
            maxLength={200}
            aria-invalid={touched && invalid}
            aria-describedby={hintId}
          />
          <button type="submit" className="primary" disabled={!target.trim() || busy}>
            {t('idle.call')}
          </button>
        </div>
        <p id={hintId} className={touched && invalid ? 'field-error small' : 'muted small'}>
          {touched && invalid
            ? t('outbound.notE164')
            : destination.kind === 'e164'
              ? t('outbound.willCall', { number: destination.display })
              : t('outbound.hint')}
        </p>
      </form>
    </section>
  );
}
