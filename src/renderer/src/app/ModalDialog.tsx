// The shell of a modal dialog: the backdrop and the dialog element named by its heading (`labelledBy`).
// Focus handling stays with each dialog (useFocusTrap on `dialogRef`, where focus goes first and back).
import type { KeyboardEventHandler, ReactNode, RefObject } from 'react';

export function ModalDialog({ dialogRef, labelledBy, className, onKeyDown, children }: {
  dialogRef: RefObject<HTMLDivElement | null>;
  labelledBy: string;
  className: string;
  onKeyDown?: KeyboardEventHandler<HTMLDivElement>;
  children: ReactNode;
}) {
  return (
    <div className="modal-backdrop">
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={labelledBy} className={`modal ${className}`} onKeyDown={onKeyDown}>
        {children}
      </div>
    </div>
  );
}
