// Top bar: status selector (live presence), registration indicator and the profile menu (audio and
// video settings, language, sign out).
import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';
import { SELECTABLE_STATUSES, type AgentStatus, type AppState } from '../../../../shared/contract.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useSnapshot, useT } from '../../app/context.js';
import { LanguageSelect } from '../../i18n/LanguageSelect.js';
import { DeviceSettingsDialog } from '../devices/DeviceSettingsDialog.js';
import { DesktopSettingsDialog } from '../desktop/DesktopSettings.js';
import { AutoAnswerToggle } from '../engine/AutoAnswerToggle.js';

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

/** Disclosure menu under the agent's name; Escape or a click elsewhere closes it. */
function ProfileMenu({ onOpenDevices, onOpenDesktop, button }: { onOpenDevices: () => void; onOpenDesktop: () => void; button: RefObject<HTMLButtonElement | null> }) {
  const t = useT();
  const { api, store } = useServices();
  const run = useRunAction();
  const session = useSnapshot((s) => s.app.session);
  const locale = useSnapshot((s) => s.locale);
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const languageId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  return (
    <div
      className="profile"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="profile-button"
        aria-expanded={open}
        aria-controls={menuId}
        title={session?.login}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="agent-name">{session?.displayName}</span>
        <span className="visually-hidden"> {t('profile.menu')}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <div id={menuId} className="profile-menu" role="group" aria-label={t('profile.menu')}>
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              onOpenDevices();
            }}
          >
            {t('profile.devices')}
          </button>
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              onOpenDesktop();
            }}
          >
            {t('desktop.open')}
          </button>
          <div className="header-field">
            <label htmlFor={languageId}>{t('header.language')}</label>
            <LanguageSelect id={languageId} value={locale} onChange={(next) => store.setLocale(next)} />
          </div>
          <AutoAnswerToggle />
          <button type="button" onClick={() => void run(() => api.signOut({}))}>
            {t('header.signOut')}
          </button>
        </div>
      )}
    </div>
  );
}

export function Header() {
  const t = useT();
  const { api } = useServices();
  const run = useRunAction();
  const app = useSnapshot((s) => s.app);
  const statusId = useId();
  const [devicesOpen, setDevicesOpen] = useState(false);
  const [desktopOpen, setDesktopOpen] = useState(false);
  const profileButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useCallback(() => profileButton.current, []);
  const status: AgentStatus = app.agentStatus;

  return (
    <header className="app-header">
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
      <ProfileMenu onOpenDevices={() => setDevicesOpen(true)} onOpenDesktop={() => setDesktopOpen(true)} button={profileButton} />
      {devicesOpen && <DeviceSettingsDialog onClose={() => setDevicesOpen(false)} returnFocus={returnFocus} />}
      {desktopOpen && <DesktopSettingsDialog onClose={() => setDesktopOpen(false)} returnFocus={returnFocus} />}
    </header>
  );
}
