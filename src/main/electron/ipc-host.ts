// Electron transport of the bridge: one invoke channel handled by the shared dispatcher (zod-validated),
// callable only from frames of the app's own origin, and every hub event sent to the attached windows.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Dispatch, EventHub } from '../../shared/bridge.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/ipc-channels.js';

export interface IpcHostOptions {
  dispatch: Dispatch;
  hub: EventHub;
  /** Whether a frame URL belongs to the app (app://renderer/…). */
  isAppUrl: (url: string) => boolean;
  /** A window went away (its renderer can no longer serve media). */
  onSenderGone?: (senderId: string) => void;
}

export interface IpcHost {
  attach(contents: WebContents): void;
  dispose(): void;
}

export const senderIdOf = (contents: WebContents): string => `wc-${contents.id}`;

export function startIpcHost(o: IpcHostOptions): IpcHost {
  const targets = new Set<WebContents>();

  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!targets.has(event.sender) || !o.isAppUrl(url)) {
      return { ok: false, error: { code: 'forbidden', message: 'This page may not use the softphone bridge.' } };
    }
    return o.dispatch(method, args, { senderId: senderIdOf(event.sender) });
  });

  const detach = o.hub.attach((event, payload) => {
    for (const contents of targets) {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
    }
  });

  return {
    attach(contents) {
      targets.add(contents);
      contents.once('destroyed', () => {
        targets.delete(contents);
        o.onSenderGone?.(senderIdOf(contents));
      });
      // A reload replaces the renderer's media engine: it announces itself again with mediaReady.
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) o.onSenderGone?.(senderIdOf(contents));
      });
    },
    dispose() {
      detach();
      ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
      targets.clear();
    },
  };
}
