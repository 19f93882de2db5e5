// Bridge commands the desktop integration (tray, hotkeys, notification buttons) runs on the engine.
// They go through the same validating dispatcher as the renderer's calls, so there is one code path.
import type { Dispatch } from '../../../shared/bridge.js';
import type { SelectableStatus } from './tray-model.js';

export type DesktopCommand =
  | { method: 'answer'; args: { callId: string } }
  | { method: 'reject'; args: { callId: string } }
  | { method: 'hangup'; args: { callId: string } }
  | { method: 'hold'; args: { callId: string; on: boolean } }
  | { method: 'mute'; args: { callId: string; on: boolean } }
  | { method: 'setStatus'; args: { status: SelectableStatus } };

export type CommandRunner = (command: DesktopCommand) => Promise<void>;

/** Identity the dispatcher sees for commands that come from the OS integration rather than a renderer. */
export const DESKTOP_SENDER = 'desktop';

/** Runs commands through the dispatcher; failures are reported (e.g. as a notice), never thrown. */
export function dispatchRunner(dispatch: Dispatch, onError: (message: string, code: string) => void): CommandRunner {
  return async (command) => {
    const envelope = await dispatch(command.method, command.args, { senderId: DESKTOP_SENDER });
    if (!envelope.ok) onError(envelope.error.message, envelope.error.code);
  };
}
