// What the video features need from outside React (passed in AppServices so component tests use fakes).
import type { SoftphoneApi } from '../../../../shared/bridge.js';
import type { EffectPrefs } from '../../effects/effect-prefs.js';
import type { CallVideoView, MediaEngine } from '../../media/engine.js';

export interface CallVideoService {
  subscribe(listener: () => void): () => void;
  get(callId: string): CallVideoView | null;
  /** Opens the browser's (or Electron's) screen picker and sends the chosen screen instead of the camera. */
  startScreenShare(callId: string): Promise<void>;
  stopScreenShare(callId: string): Promise<void>;
}

export interface EffectsService {
  prefs: EffectPrefs;
  /** Validates and stores an uploaded background on this computer. */
  saveBackground(file: Blob): Promise<{ ok: true; id: string } | { ok: false; reason: string }>;
  /** The camera through the currently stored effect (the caller stops its tracks). */
  openPreview(): Promise<MediaStream>;
}

/**
 * The media engine's video as a service; tells main whenever a call's sharing state changes, whatever
 * changed it (our buttons, or the browser's own "Stop sharing" ending the capture).
 */
export function createCallVideoService(media: Pick<MediaEngine, 'subscribeVideo' | 'videoOf' | 'startScreenShare' | 'stopScreenShare' | 'callIds'>, api: Pick<SoftphoneApi, 'setScreenSharing'>): CallVideoService {
  const reported = new Map<string, boolean>();
  media.subscribeVideo(() => {
    const live = new Set(media.callIds());
    for (const id of [...reported.keys()]) if (!live.has(id)) reported.delete(id);
    for (const id of live) {
      const sharing = media.videoOf(id)?.sharing ?? false;
      if ((reported.get(id) ?? false) === sharing) continue;
      reported.set(id, sharing);
      api.setScreenSharing({ callId: id, on: sharing }).catch((err: unknown) => console.warn('setScreenSharing failed', err));
    }
  });
  return {
    subscribe: (l) => media.subscribeVideo(l),
    get: (id) => media.videoOf(id),
    startScreenShare: (id) => media.startScreenShare(id),
    async stopScreenShare(id) {
      await media.stopScreenShare(id);
    },
  };
}
