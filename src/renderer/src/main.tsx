// Renderer entry: pick the bridge, mirror main's state into the store, start the media engine, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App.js';
import { AppProvider, type AppServices } from './app/context.js';
import { connectBridge } from './bridge/connect.js';
import { en } from './i18n/en.js';
import { preferredLocale } from './i18n/i18n.js';
import { createBrowserDeviceService, environmentWithPreferredDevices, routeCallAudio, watchRemovedDevices } from './media/devices.js';
import { browserMediaEnvironment, MediaEngine, PERMISSION_DENIED, type MediaStats } from './media/engine.js';
import { createRecordingHook } from './recording/recording-hook.js';
import { createBackgroundStore, parseVideoEffectSettings, withVideoEffects, type CurrentEffect } from './effects/index.js';
import { createEffectPrefs } from './effects/effect-prefs.js';
import { createCallVideoService, type EffectsService } from './features/video/services.js';
import type { VideoCodecName } from './media/video-codecs.js';
import { createWebAudioRinger } from './media/ringer.js';
import { createAppStore } from './store/store.js';
import { syncStoreWithBridge } from './store/sync.js';
import { forwardDialParam } from './features/desktop/dial-request.js';
import './styles.css';

// The CSP forbids eval; without this zod would probe `new Function` and log a CSP violation.
z.config({ jitless: true });

function safeStorage(get: () => Storage): Storage | null {
  try {
    return get();
  } catch {
    return null; // Blocked storage (privacy settings) must not stop the app.
  }
}

const connection = connectBridge(window);
const store = createAppStore({
  storage: safeStorage(() => window.localStorage),
  defaultLocale: preferredLocale(navigator.languages ?? [navigator.language]),
  initialConnection: connection.status(),
});
syncStoreWithBridge(store, connection);
forwardDialParam(window, connection);

// Device choices (§9.2): new calls open the chosen microphone/camera, call audio plays on the chosen
// speaker, and a switch during a call applies at once.
let speaker: ReturnType<typeof routeCallAudio> | null = null;
let microphoneId: string | null = null;
let cameraId: string | null = null;
const devices = createBrowserDeviceService(window, safeStorage(() => window.localStorage), (prefs) => {
  speaker?.refresh();
  // Another camera chosen during a video call: it takes over at once (through the effect), no renegotiation.
  if (prefs.cameraId !== cameraId) {
    cameraId = prefs.cameraId;
    void media.restartCamera().catch((err: unknown) => console.warn('could not switch the camera', err));
  }
  if (prefs.microphoneId === microphoneId) return;
  microphoneId = prefs.microphoneId;
  void media.switchMicrophone().catch((err: unknown) => console.warn('could not switch the microphone', err));
});
microphoneId = devices.prefs().microphoneId;
cameraId = devices.prefs().cameraId;
speaker = routeCallAudio(document, () => devices.prefs().speakerId);
watchRemovedDevices(devices, () => store.addNotice({ level: 'warning', code: 'device_removed', message: en['notice.device_removed'] }));

// Video effects (§9.4): every camera track of a call goes through the agent's chosen effect, read at each
// call start from the persisted setting; a custom background is loaded from IndexedDB.
const effectPrefs = createEffectPrefs(safeStorage(() => window.localStorage));
const backgrounds = createBackgroundStore();
async function currentEffect(): Promise<CurrentEffect> {
  const settings = parseVideoEffectSettings(effectPrefs.get());
  if (settings.effect !== 'background' || !settings.backgroundId) return { effect: settings.effect };
  const image = await backgrounds.load(settings.backgroundId);
  return image ? { effect: 'background', backgroundImage: image } : { effect: 'none' };
}
const effects = withVideoEffects(environmentWithPreferredDevices(browserMediaEnvironment(window), () => devices.prefs()), {
  current: currentEffect,
  onDegraded: (info) => { if (info.reason) store.addNotice({ level: 'warning', code: 'video_effect', message: info.reason }); },
});

const media = new MediaEngine(connection.api, effects.env, {
  onPermissionDenied: () => store.addNotice({ level: 'error', code: PERMISSION_DENIED, message: en['notice.permission_denied'] }),
  onCallMedia: createRecordingHook(connection.api, window, (message) => store.addNotice({ level: 'warning', code: 'recording', message })),
});
media.start(connection);
// A new choice applies at once to a video call in progress (the camera reopens through the new effect).
effectPrefs.subscribe(() => void media.restartCamera().catch((err: unknown) => console.warn('could not apply the video effect', err)));
const effectsService: EffectsService = {
  prefs: effectPrefs,
  saveBackground: (file) => backgrounds.save(file),
  openPreview: () => effects.env.getUserMedia({ audio: false, video: true }),
};

// Test hook (e2e reads audio counters of the current call); read-only and harmless in production.
(window as unknown as { __softphoneMedia: { stats(): Promise<MediaStats | null>; videoStats(): Promise<unknown>; effectsLive(): string[]; effectStats(): unknown[]; preferVideoCodecs(order: VideoCodecName[]): void; callIds(): string[]; injectLoss(loss: { local?: number; remote?: number }): void; appState(): Promise<unknown> } }).__softphoneMedia = {
  stats: () => media.stats(),
  videoStats: () => media.videoStats(),
  // Which effects are processing a camera right now (e2e: Blur really runs on the call's track).
  effectsLive: () => effects.live().map((p) => `${p.stats().effect}:${p.stats().modelState}`),
  // UI-thread cost of the live effects (per-frame ms, model ms), measured in a real call.
  effectStats: () => effects.live().map((p) => p.stats()),
  // Codec negotiation e2e: answer with H.264 first instead of VP8.
  preferVideoCodecs: (order) => media.setVideoCodecOrder(order),
  callIds: () => media.callIds(),
  // Adds packet loss to the getStats source (quality e2e test); 0 switches it off.
  injectLoss: (loss) => media.injectLoss(loss),
  appState: () => connection.api.getState({}),
};

const callVideo = createCallVideoService(media, connection.api, () => store.getSnapshot().app.call);
// A reloaded page shares nothing: main's screenSharing from before the reload is corrected on the next state.
store.subscribe(() => callVideo.reconcile?.());
const services: AppServices = {
  store,
  api: connection.api,
  // The ring may play on its own device (a loudspeaker) while call audio stays on the headset (§9.2).
  ringer: createWebAudioRinger(window, {
    sinkId: () => devices.prefs().ringerId,
    onSinkFailed: () => store.addNotice({ level: 'warning', code: 'ringer_device_failed', message: en['notice.ringer_device_failed'] }),
  }),
  drafts: safeStorage(() => window.sessionStorage),
  devices,
  video: callVideo,
  effects: effectsService,
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AppProvider services={services}>
      <App />
    </AppProvider>
  </StrictMode>,
);
