// Top bar: agent name, status selector, registration indicator, language switch and sign-out.
import { useId } from 'react';
import { SELECTABLE_STATUSES, type AgentStatus, type AppState } from '../../../../shared/contract.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useSnapshot, useT } from '../../app/context.js';
import { isLocale, LOCALE_NAMES, LOCALES } from '../../i18n/i18n.js';

const isSelectable = (s: string): s is (typeof SELECTABLE_STATUSES)[number] => (SELECTABLE_STATUSES as readonly string[]).includes(s);

export function RegistrationIndicator({ registration }: { registration: AppState['registration'] }) {
  const t = useT();
  const text =
    registration.state === 'registered'
      ? t('registration.registered')
      : registration.state === 'connecting'
        ? t('registration.connecting')
        : registration.state === 'failed'
          ? t('registration.failed', { reason: registration.reason || t('registration.unknownReason') })
          : t('registration.unregistered');
  return (
    <span role="status" className={`registration registration-${registration.state}`}>
      {text}
    </span>
  );
}

export function Header() {
  const t = useT();
  const { api, store } = useServices();
  const run = useRunAction();
  const app = useSnapshot((s) => s.app);
  const locale = useSnapshot((s) => s.locale);
  const statusId = useId();
  const languageId = useId();
  const status: AgentStatus = app.agentStatus;

  return (
    <header className="app-header">
      <div className="agent" title={app.session?.login}>
        <span className="agent-name">{app.session?.displayName}</span>
      </div>
      <div className="header-field">
        <label htmlFor={statusId}>{t('header.status')}</label>
        <select
          id={statusId}
          className={`status status-${status.replace(' ', '-').toLowerCase()}`}
          value={status}
          onChange={(e) => {
            const next = e.target.value;
            if (isSelectable(next)) void run(() => api.setStatus({ status: next }));
          }}
        >
          {SELECTABLE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
          {!isSelectable(status) && (
            <option value={status} disabled>
              {t(`status.${status}`)}
            </option>
          )}
        </select>
      </div>
      <RegistrationIndicator registration={app.registration} />
      <div className="header-spacer" />
      <div className="header-field">
        <label htmlFor={languageId}>{t('header.language')}</label>
        <select
          id={languageId}
          value={locale}
          onChange={(e) => {
            if (isLocale(e.target.value)) store.setLocale(e.target.value);
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={() => void run(() => api.signOut({}))}>
        {t('header.signOut')}
      </button>
    </header>
  );
}
