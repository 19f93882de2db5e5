// Incoming-call OS notification: what it says, and a presenter that shows it while a call rings, closes it
// when ringing stops, and turns its click / Answer / Reject into window and call actions.
import type { AppState } from '../../../shared/contract.js';
import type { Locale } from '../../../shared/desktop-contract.js';
import { callerLabel, displaySafe } from './app-state.js';
import type { CommandRunner } from './commands.js';
import { stringsFor } from './desktop-strings.js';

export type NotificationActionId = 'answer' | 'reject';

export interface IncomingCallNotification {
  callId: string;
  title: string;
  body: string;
  /** Empty where the OS has no notification buttons (Linux): the body then says how to answer. */
  actions: Array<{ id: NotificationActionId; label: string }>;
}

/** Electron shows notification buttons on macOS and Windows only. */
export const notificationActionsSupported = (platform: string): boolean => platform === 'darwin' || platform === 'win32';

export function incomingCallNotification(
  state: AppState,
  options: { locale: Locale; actionsSupported: boolean; answerHotkey: string | null },
): IncomingCallNotification | null {
  const call = state.call;
  if (!call || call.phase !== 'ringing' || call.direction !== 'inbound') return null;
  const t = stringsFor(options.locale);
  const who = displaySafe(callerLabel(call), 80);
  const number = call.customerName && call.customerNumber ? displaySafe(call.customerNumber, 40) : null;
  const queue = call.queue ? displaySafe(call.queue, 60) : null;
  const lines = [t.notificationBody(number ? `${who} (${number})` : who, queue)];
  if (!options.actionsSupported && options.answerHotkey) lines.push(t.answerHint(options.answerHotkey));
  return {
    callId: call.callId,
    title: t.incomingCall[call.callType],
    body: lines.join('\n'),
    actions: options.actionsSupported
      ? [
          { id: 'answer', label: t.answer },
          { id: 'reject', label: t.reject },
        ]
      : [],
  };
}

export interface NotificationHandle {
  close(): void;
}

export interface NotifierPort {
  show(
    notification: IncomingCallNotification,
    /** onAction gets the index of the pressed button in `notification.actions` (as the OS reports it). */
    events: { onClick(): void; onAction(index: number): void },
  ): NotificationHandle;
}

export interface IncomingCallNotifierDeps {
  notifier: NotifierPort;
  runCommand: CommandRunner;
  /** Brings the app window forward (notification click). */
  showWindow: () => void;
  /** Taskbar flash / dock bounce while the call rings; false stops it. */
  requestAttention: (on: boolean) => void;
  locale: () => Locale;
  actionsSupported: boolean;
  answerHotkey: () => string | null;
}

export class IncomingCallNotifier {
  private current: { callId: string; handle: NotificationHandle } | null = null;
  private state: AppState | null = null;

  constructor(private readonly deps: IncomingCallNotifierDeps) {}

  update(state: AppState): void {
    this.state = state;
    const model = incomingCallNotification(state, {
      locale: this.deps.locale(),
      actionsSupported: this.deps.actionsSupported,
      answerHotkey: this.deps.answerHotkey(),
    });
    if (this.current && this.current.callId !== model?.callId) this.closeCurrent();
    if (model && !this.current) this.open(model);
  }

  dispose(): void {
    this.closeCurrent();
  }

  private open(model: IncomingCallNotification): void {
    const callId = model.callId;
    try {
      const handle = this.deps.notifier.show(model, {
        onClick: () => this.deps.showWindow(),
        onAction: (index) => {
          const action = model.actions[index];
          if (action) this.act(callId, action.id);
        },
      });
      this.current = { callId, handle };
    } catch {
      // Notifications can be disabled by the OS; the tray, the window and the ring sound still announce the call.
      this.current = { callId, handle: { close: () => undefined } };
    }
    this.deps.requestAttention(true);
  }

  private closeCurrent(): void {
    if (!this.current) return;
    const { handle } = this.current;
    this.current = null;
    try {
      handle.close();
    } catch {
      // Already gone.
    }
    this.deps.requestAttention(false);
  }

  /** A button press on a notification that may be stale: act only if that very call still rings. */
  private act(callId: string, id: NotificationActionId): void {
    const call = this.state?.call;
    if (!call || call.callId !== callId || call.phase !== 'ringing') return;
    void this.deps.runCommand({ method: id, args: { callId } });
    if (id === 'answer') this.deps.showWindow();
  }
}
