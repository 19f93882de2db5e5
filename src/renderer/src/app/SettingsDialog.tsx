// A settings dialog opened from the profile menu: the ModalDialog shell with a heading and Close, focus
// moved in on open (the first `firstFocus` element) and back to the opener on close, and Escape closing
// from anywhere while it is up (focus may sit on the page after a pointer click).
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useFocusTrap } from './focus-trap.js';
import { ModalDialog } from './ModalDialog.js';

export function SettingsDialog({ title, closeLabel, onClose, returnFocus, firstFocus = 'button', escapeCloses, children }: {
  title: string;
  closeLabel: string;
  onClose: () => void;
  /** The menu item that opened the dialog is gone by then, so the caller may name where focus goes back. */
  returnFocus?: (() => HTMLElement | null) | undefined;
  /** Selector of the element focused on open (falls back to the first button). */
  firstFocus?: string;
  /** Asked on Escape: false keeps the dialog (e.g. while a hotkey is being recorded). */
  escapeCloses?: () => boolean;
  children: ReactNode;
}) {
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    (dialog.current?.querySelector<HTMLElement>(firstFocus) ?? dialog.current?.querySelector<HTMLElement>('button'))?.focus();
    return () => (returnFocus?.() ?? opener)?.focus?.();
  }, [returnFocus, firstFocus]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && (escapeCloses?.() ?? true)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, escapeCloses]);
  return (
    <ModalDialog dialogRef={dialog} labelledBy={titleId} className="device-dialog">
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" onClick={onClose}>
          {closeLabel}
        </button>
      </div>
      {children}
    </ModalDialog>
  );
}
