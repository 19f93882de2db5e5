// The settings as a modal dialog (from the profile menu): focus moves in on open, Escape or Close
// leaves, and focus returns to the control that opened it.
import { useEffect, useId, useRef } from 'react';
import { useT } from '../../app/context.js';
import { useFocusTrap } from '../../app/focus-trap.js';
import { ModalDialog } from '../../app/ModalDialog.js';
import { DeviceSettings } from './DeviceSettings.js';
import { VideoEffectsSettings } from '../video/VideoEffectsSettings.js';

export function DeviceSettingsDialog({ onClose, returnFocus }: { onClose: () => void; returnFocus?: () => HTMLElement | null }) {
  const t = useT();
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    (dialog.current?.querySelector<HTMLElement>('select') ?? dialog.current?.querySelector<HTMLElement>('button'))?.focus();
    // The menu item that opened us is gone by now, so the caller may name where focus goes back.
    return () => (returnFocus?.() ?? opener)?.focus?.();
  }, [returnFocus]);
  // Escape closes from anywhere while the dialog is up (focus may sit on the page after a pointer click).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <ModalDialog dialogRef={dialog} labelledBy={titleId} className="device-dialog">
      <div className="dialog-head">
        <h2 id={titleId}>{t('devices.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('devices.close')}
        </button>
      </div>
      <DeviceSettings />
      <VideoEffectsSettings />
    </ModalDialog>
  );
}
