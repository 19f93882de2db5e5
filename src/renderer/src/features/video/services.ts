// What the video features need from outside React (passed in AppServices so component tests use fakes).
import type { SoftphoneApi } from '../../../../shared/bridge.js';
import type { CallInfo } from '../../../../shared/contract.js';
import type { EffectPrefs } from '../../effects/effect-prefs.js';
import type { CallVideoView, MediaEngine } from '../../media/engine.js';

export interface CallVideoService {
  subscribe(listener: () => void): () => void;
  get(callId: string): CallVideoView | null;
  /** Opens the browser's (or Electron's) screen picker and sends the chosen screen instead of the camera. */
  startScreenShare(callId: string): Promise<void>;
  stopScreenShare(callId: string): Promise<void>;
  /** Re-checks main's sharing state against the engine (after a state change from main). */
  reconcile?(): void;
}

export interface EffectsService {
  prefs: EffectPrefs;
  /** Validates and stores an uploaded background on this computer. */
  saveBackground(file: Blob): Promise<{ ok: true; id: string } | { ok: false; reason: string }>;
  /** The camera through the currently stored effect (the caller stops its tracks). */
  openPreview(): Promise<MediaStream>;
}

/**
 * The media engine's video as a service. Keeps main's `screenSharing` in line with what the engine really
 * sends, whatever changed it (our buttons, the browser's own "Stop sharing", or a reload that ended the capture).
 */
export function createCallVideoService(
  media: Pick<MediaEngine, 'subscribeVideo' | 'videoOf' | 'startScreenShare' | 'stopScreenShare'>,
  api: Pick<SoftphoneApi, 'setScreenSharing'>,
  currentCall: () => CallInfo | null,
): CallVideoService {
  let sent: { callId: string; on: boolean } | null = null;
  const reconcile = () => {
    const call = currentCall();
    if (!call || call.phase !== 'active' || call.video !== true) return;
    const view = media.videoOf(call.callId);
    if (!view) return;
    const on = view.sharing;
    if ((call.screenSharing ?? false) === on || (sent?.callId === call.callId && sent.on === on)) return;
    sent = { callId: call.callId, on };
    api.setScreenSharing({ callId: call.callId, on }).catch((err: unknown) => console.warn('setScreenSharing failed', err));
  };
  media.subscribeVideo(reconcile);
  return {
    subscribe: (l) => media.subscribeVideo(l),
    get: (id) => media.videoOf(id),
    startScreenShare: (id) => media.startScreenShare(id),
    async stopScreenShare(id) {
      await media.stopScreenShare(id);
    },
    reconcile,
  };
}
