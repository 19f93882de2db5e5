// The shell of a modal dialog: the backdrop and the dialog element named by its heading (`labelledBy`).
// Focus handling stays with each dialog (useFocusTrap on `dialogRef`, where focus goes first and back).
import type { KeyboardEventHandler, ReactNode, RefObject } from 'react';

export function ModalDialog({ dialogRef, labelledBy, describedBy, className, role = 'dialog', onKeyDown, children }: {
  dialogRef: RefObject<HTMLDivElement | null>;
  labelledBy: string;
  describedBy?: string;
  className?: string;
  /** 'alertdialog' for a dialog that reports a refusal or an error the agent must acknowledge. */
  role?: 'dialog' | 'alertdialog';
  onKeyDown?: KeyboardEventHandler<HTMLDivElement>;
  children: ReactNode;
}) {
  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        className={className ? `modal ${className}` : 'modal'}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
