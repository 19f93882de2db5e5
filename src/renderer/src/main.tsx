// Renderer entry: pick the bridge, mirror main's state into the store, start the media engine, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App.js';
import { AppProvider, type AppServices } from './app/context.js';
import { connectBridge } from './bridge/connect.js';
import { en } from './i18n/en.js';
import { preferredLocale } from './i18n/i18n.js';
import { browserMediaEnvironment, MediaEngine, PERMISSION_DENIED, type MediaStats } from './media/engine.js';
import { createWebAudioRinger } from './media/ringer.js';
import { createAppStore } from './store/store.js';
import { syncStoreWithBridge } from './store/sync.js';
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

const media = new MediaEngine(connection.api, browserMediaEnvironment(window), {
  onPermissionDenied: () => store.addNotice({ level: 'error', code: PERMISSION_DENIED, message: en['notice.permission_denied'] }),
});
media.start(connection);

// Test hook (e2e reads audio counters of the current call); read-only and harmless in production.
(window as unknown as { __softphoneMedia: { stats(): Promise<MediaStats | null>; callIds(): string[] } }).__softphoneMedia = {
  stats: () => media.stats(),
  callIds: () => media.callIds(),
};

const services: AppServices = {
  store,
  api: connection.api,
  ringer: createWebAudioRinger(window),
  drafts: safeStorage(() => window.sessionStorage),
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
