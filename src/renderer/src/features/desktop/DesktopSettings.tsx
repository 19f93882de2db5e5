// Desktop settings (from the profile menu): global hotkeys per action, recorded by pressing the combination
// (refusals are shown with their reason and the binding kept), close to tray, launch at login, language.
// Main validates and applies everything (desktopContract); this screen shows what main reports back.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { acceleratorFromKeyPress } from '../../../../shared/accelerator.js';
import type { DesktopPreferencesPatch, DesktopView, HotkeyAction, HotkeyStatus } from '../../../../shared/desktop-contract.js';
import { errorText, useServices, useSnapshot, useT } from '../../app/context.js';
import { LanguageSelect } from '../../i18n/LanguageSelect.js';
import { SettingsDialog } from '../../app/SettingsDialog.js';

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function HotkeyRow({ status, recording, onRecord, onStop, onChange }: {
  status: HotkeyStatus;
  recording: boolean;
  onRecord: () => void;
  onStop: () => void;
  onChange: (accelerator: string | null) => void;
}) {
  const t = useT();
  const labelId = useId();
  const valueId = useId();
  const failureId = useId();
  const action = t(`desktop.action.${status.action}`);
  const failure = status.failure;

  const capture = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!recording) return;
    // Tab still moves on, so recording never traps the keyboard.
    if (e.key === 'Tab') return onStop();
    e.preventDefault();
    e.stopPropagation();
    const plain = !e.ctrlKey && !e.altKey && !e.shiftKey && !e.metaKey;
    if (e.key === 'Escape' && plain) return onStop();
    const result = acceleratorFromKeyPress(e, isMac());
    if (result.kind === 'modifiers') return;
    onStop();
    onChange(result.accelerator);
  };

  return (
    <div role="group" aria-labelledby={labelId} className="hotkey-row">
      <span id={labelId} className="hotkey-action">{action}</span>
      <kbd id={valueId} className="hotkey-value">{status.accelerator ?? t('desktop.none')}</kbd>
      <button
        type="button"
        aria-label={recording ? t('desktop.recording', { action }) : t('desktop.change', { action })}
        aria-describedby={failure ? `${valueId} ${failureId}` : valueId}
        aria-pressed={recording}
        onClick={() => (recording ? onStop() : onRecord())}
        onKeyDown={capture}
        onBlur={() => recording && onStop()}
      >
        {recording ? t('desktop.recording', { action }) : t('desktop.changeShort')}
      </button>
      <button type="button" aria-label={t('desktop.remove', { action })} disabled={status.accelerator === null} onClick={() => onChange(null)}>
        {t('desktop.removeShort')}
      </button>
      {failure && (
        <p id={failureId} role="alert" className="field-error small" title={failure.message}>
          {t('desktop.refused', { requested: failure.requested, reason: t(`desktop.problem.${failure.problem}`) })}{' '}
          {status.accelerator ? t('desktop.kept', { accelerator: status.accelerator }) : t('desktop.keptNone')}
        </p>
      )}
    </div>
  );
}

export function DesktopSettings({ onRecordingChange }: { onRecordingChange?: (recording: boolean) => void }) {
  const t = useT();
  const { api, store } = useServices();
  const locale = useSnapshot((s) => s.locale);
  const [view, setView] = useState<DesktopView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(0);
  const [recording, setRecordingState] = useState<HotkeyAction | null>(null);
  const closeToTrayId = useId();
  const closeHintId = useId();
  const launchId = useId();
  const languageId = useId();
  const hotkeysTitleId = useId();

  const setRecording = useCallback((action: HotkeyAction | null) => {
    setRecordingState(action);
    onRecordingChange?.(action !== null);
  }, [onRecordingChange]);

  useEffect(() => {
    let live = true;
    api.getDesktopSettings({}).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(errorText(t, err)),
    );
    // Another window (or the tray) may change them too.
    const off = api.on('desktopSettings', (v) => setView(v));
    return () => {
      live = false;
      off();
    };
    // t changes with the language; the settings need not be fetched again for that.
  }, [api]);

  const update = async (patch: DesktopPreferencesPatch) => {
    try {
      setView(await api.updateDesktopSettings(patch));
      setSaved((n) => n + 1);
    } catch (err) {
      store.addNotice({ level: 'error', code: 'desktop_settings', message: errorText(t, err) });
    }
  };

  if (error) return <p role="alert">{t('desktop.unavailable', { reason: error })}</p>;
  if (!view) return <p role="status">{t('desktop.loading')}</p>;
  const { capabilities } = view;
  const browser = !capabilities.globalHotkeys || !capabilities.tray || !capabilities.launchAtLogin;

  return (
    <div className="desktop-settings">
      {browser && <p className="muted small">{t('desktop.browserNote')}</p>}
      <section aria-labelledby={hotkeysTitleId}>
        <h3 id={hotkeysTitleId}>{t('desktop.hotkeys')}</h3>
        <p className="muted small">{t('desktop.hotkeysHint')}</p>
        {view.hotkeys.map((status) => (
          <HotkeyRow
            key={status.action}
            status={status}
            recording={recording === status.action}
            onRecord={() => setRecording(status.action)}
            onStop={() => setRecording(null)}
            onChange={(accelerator) => void update({ hotkeys: { [status.action]: accelerator } })}
          />
        ))}
      </section>
      <div className="checkbox-field">
        <input
          id={closeToTrayId}
          type="checkbox"
          checked={view.preferences.closeToTray}
          aria-describedby={closeHintId}
          onChange={(e) => void update({ closeToTray: e.target.checked })}
        />
        <label htmlFor={closeToTrayId}>{t('desktop.closeToTray')}</label>
        <p id={closeHintId} className="muted small">{t('desktop.closeToTrayHint')}</p>
      </div>
      <div className="checkbox-field">
        <input id={launchId} type="checkbox" checked={view.preferences.launchAtLogin} onChange={(e) => void update({ launchAtLogin: e.target.checked })} />
        <label htmlFor={launchId}>{t('desktop.launchAtLogin')}</label>
      </div>
      <div className="header-field">
        <label htmlFor={languageId}>{t('desktop.language')}</label>
        <LanguageSelect
          id={languageId}
          value={locale}
          onChange={(next) => {
            // The UI switches at once; main follows (tray, notifications) and remembers it.
            store.setLocale(next);
            void update({ locale: next });
          }}
        />
      </div>
      <p role="status" className="muted small">{saved > 0 ? t('desktop.saved') : ''}</p>
    </div>
  );
}

/** The settings as a modal dialog (from the profile menu). */
export function DesktopSettingsDialog({ onClose, returnFocus }: { onClose: () => void; returnFocus?: () => HTMLElement | null }) {
  const t = useT();
  const recording = useRef(false);
  // While a hotkey is being recorded, Escape only cancels the recording.
  const escapeCloses = useCallback(() => !recording.current, []);
  return (
    <SettingsDialog title={t('desktop.title')} closeLabel={t('desktop.close')} onClose={onClose} returnFocus={returnFocus} escapeCloses={escapeCloses}>
      <DesktopSettings onRecordingChange={(r) => (recording.current = r)} />
    </SettingsDialog>
  );
}
