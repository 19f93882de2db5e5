// Video calls and screen sharing in main (issue 8): the bridge handlers of video-bridge.ts. Camera on/off
// follows the mute pattern (main asks the renderer's media engine, then records the call's state); screen
// capture is started by the renderer and only reported here. The screen picker serves Electron's
// display-media request handler: it offers the sources to the renderer and waits for the agent's choice.
import { randomUUID } from 'node:crypto';
import type { BridgeHandlers, EventHub } from '../../../shared/bridge.js';
import { BridgeError, type CallInfo } from '../../../shared/contract.js';
import type { ScreenSource } from '../../../shared/video-bridge.js';
import type { Clock, Logger, TimerHandle } from '../../ports.js';
import type { MediaBroker } from '../sip/media-broker.js';
import type { StateStore } from '../state/state-store.js';

/** How long the picker waits for the agent before it counts as Cancel. */
export const SCREEN_PICK_TIMEOUT_MS = 120_000;

export interface VideoServiceDeps {
  store: StateStore;
  broker: MediaBroker;
  hub: EventHub;
  clock: Clock;
  logger: Logger;
}

export type VideoHandlers = Pick<BridgeHandlers, 'setCamera' | 'setScreenSharing' | 'chooseScreenSource'>;

export interface ScreenPicker {
  /** Offers `sources` to the agent; resolves with the chosen id, or null (Cancel, timeout, unknown id). */
  pick(sources: ScreenSource[]): Promise<string | null>;
}

/** Why a video command does not apply to the current call, or null when it does (pure, table-tested). */
export function videoCommandRefusal(call: CallInfo | null, callId: string): string | null {
  if (!call || call.callId !== callId) return 'There is no such call.';
  if (call.phase !== 'active') return 'The call is not connected.';
  if (call.video !== true) return 'This call has no video.';
  return null;
}

export function createVideoService(deps: VideoServiceDeps): { handlers: VideoHandlers; picker: ScreenPicker } {
  const { store, broker, hub, clock, logger } = deps;
  const pending = new Map<string, { resolve: (id: string | null) => void; timer: TimerHandle; ids: Set<string> }>();

  const requireVideoCall = (callId: string) => {
    const refusal = videoCommandRefusal(store.get().call, callId);
    if (refusal) throw new BridgeError('no_such_call', refusal);
  };
  const patchCall = (callId: string, patch: Partial<CallInfo>) =>
    store.update((s) => (s.call && s.call.callId === callId ? { ...s, call: { ...s.call, ...patch } } : s));

  const handlers: VideoHandlers = {
    async setCamera({ callId, on }) {
      requireVideoCall(callId);
      try {
        await broker.request({ callId, op: 'setCamera', on });
      } catch (err) {
        throw new BridgeError('camera_failed', `The camera could not be switched ${on ? 'on' : 'off'}: ${err instanceof Error ? err.message : String(err)}`);
      }
      patchCall(callId, { cameraOff: !on });
    },
    setScreenSharing({ callId, on }) {
      requireVideoCall(callId);
      patchCall(callId, { screenSharing: on });
    },
    chooseScreenSource({ requestId, sourceId }) {
      const p = pending.get(requestId);
      if (!p) throw new BridgeError('no_such_request', 'The screen picker request is no longer open.');
      pending.delete(requestId);
      clock.clearTimeout(p.timer);
      // Only an id we offered can be chosen: anything else counts as Cancel.
      p.resolve(sourceId !== null && p.ids.has(sourceId) ? sourceId : null);
    },
  };

  const picker: ScreenPicker = {
    pick(sources) {
      const requestId = randomUUID();
      return new Promise<string | null>((resolve) => {
        const timer = clock.setTimeout(() => {
          if (!pending.delete(requestId)) return;
          logger.info('screen picker timed out');
          resolve(null);
        }, SCREEN_PICK_TIMEOUT_MS);
        pending.set(requestId, { resolve, timer, ids: new Set(sources.map((s) => s.id)) });
        hub.emit('screenSourcesRequest', { requestId, sources });
      });
    },
  };

  return { handlers, picker };
}
