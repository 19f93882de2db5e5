// Preload (sandboxed, contextIsolation): exposes exactly one object, window.softphone, shaped as the
// BridgeTransport of src/shared/bridge.ts. The renderer wraps it with createBridgeClient. No node: imports.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeTransport } from '../shared/bridge.js';
import type { Envelope } from '../shared/contract.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/ipc-channels.js';

const transport: BridgeTransport = {
  async invoke(method: string, args: unknown): Promise<Envelope<unknown>> {
    if (typeof method !== 'string') return { ok: false, error: { code: 'invalid_arguments', message: 'The method name must be a string.' } };
    try {
      return (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, args)) as Envelope<unknown>;
    } catch (err) {
      // Arguments that cannot be cloned, or main going away, must not reject: the client expects an envelope.
      return { ok: false, error: { code: 'ipc_failed', message: err instanceof Error ? err.message : String(err) } };
    }
  },
  subscribe(listener: (event: string, payload: unknown) => void): () => void {
    if (typeof listener !== 'function') return () => undefined;
    const handler = (_e: IpcRendererEvent, event: unknown, payload: unknown) => {
      if (typeof event === 'string') listener(event, payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('softphone', transport);
