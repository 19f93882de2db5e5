// The ONE composition root of the desktop app (Electron main process). Bundled by scripts/build.mjs into
// dist/main/electron-main.cjs, so import.meta.dirname is dist/main at run time.
//   COMPANION_URL       use this companion server; otherwise one is embedded on 127.0.0.1 (demo data)
//   SOFTPHONE_USER_DATA override Electron's userData folder (tests, portable setups)
import path from 'node:path';
import { app, session } from 'electron';
import { createDispatcher, EventHub, type Dispatch } from '../shared/bridge.js';
import { APP_ORIGIN, createMainWindow, isAppUrl, registerAppScheme, serveApp } from './electron/main.js';
import { startIpcHost } from './electron/ipc-host.js';
import { electronPowerPort } from './electron/desktop/power-adapter.js';
import { electronNetworkPort } from './electron/desktop/network-adapter.js';
import { electronSettingsPort } from './electron/desktop/settings-adapter.js';
import {
  captureDialLinks,
  claimSingleInstance,
  installDesktop,
  installWebSecurity,
  openDesktopSettings,
  savedWindowBounds,
  startedAtLogin,
} from './electron/desktop/index.js';
import { consoleLogger } from './ports.js';
import { createSoftphoneService } from './services/app.js';
import { DesktopBridge } from './services/desktop/desktop-bridge.js';
import { sipOverridesFromEnv } from './services/sip/sip-config.js';
import { installScreenShare } from './electron/screen-share-adapter.js';

const SHUTDOWN_TIMEOUT_MS = 5_000;
const DIST = path.resolve(import.meta.dirname, '..');
const log = consoleLogger('desktop');

if (process.env.SOFTPHONE_USER_DATA) app.setPath('userData', process.env.SOFTPHONE_USER_DATA);
registerAppScheme();

interface Embedded {
  close(): Promise<void>;
}

async function companionUrl(): Promise<{ url: string; embedded: Embedded | null }> {
  const configured = process.env.COMPANION_URL;
  if (configured) return { url: configured, embedded: null };
  // One-machine setup and the demo: the companion server runs inside the app, on loopback only.
  const { startCompanion } = await import('../server/app.js');
  const companion = await startCompanion({
    host: '127.0.0.1',
    port: 0,
    dataDir: path.join(app.getPath('userData'), 'companion'),
    demo: true,
    customerDistDir: path.join(DIST, 'customer'),
  });
  log.info(`embedded companion server at ${companion.url}`);
  return { url: companion.url, embedded: companion };
}

async function main(): Promise<void> {
  // A second instance hands its tel:/sip:/callto: link to the running one and quits.
  if (!claimSingleInstance()) {
    app.quit();
    return;
  }
  const linkInbox = captureDialLinks();
  await app.whenReady();
  const { url, embedded } = await companionUrl();

  const hub = new EventHub();
  // Settings page and page-side dial links; bound to the desktop integration once the window exists.
  const desktopBridge = new DesktopBridge();
  // SOFTPHONE_SIP_FALLBACKS / SOFTPHONE_SIP_OUTBOUND_PROXY: an invalid value is reported and ignored.
  const sip = sipOverridesFromEnv(process.env);
  if (!sip.ok) log.error(sip.error);
  const service = createSoftphoneService({
    ...(sip.ok ? { sip: sip.overrides } : {}),
    hub,
    desktop: desktopBridge,
    defaultCompanionUrl: url,
    logger: log,
    recordingDir: path.join(app.getPath('userData'), 'recordings'),
    // Suspend pauses reconnect attempts; resume reconnects at once.
    power: electronPowerPort(),
    // Offline pauses reconnect attempts; back online reconnects at once.
    network: electronNetworkPort(),
    // Auto-answer and other engine options survive restarts in the settings store.
    enginePrefs: electronSettingsPort('engine-settings'),
  });
  // Desktop commands (tray, hotkeys, notification actions) go through the same validating dispatcher.
  const dispatch: Dispatch = createDispatcher(service.handlers);
  const ipc = startIpcHost({ dispatch: (m, a, c) => dispatch(m, a, c), hub, isAppUrl, onSenderGone: (id) => service.detachSender(id) });

  serveApp(path.join(DIST, 'renderer'));
  installScreenShare(session.defaultSession, service.screenPicker);
  installWebSecurity([APP_ORIGIN]);
  const settings = openDesktopSettings(log);
  const { bounds, maximized } = savedWindowBounds(settings);
  const win = createMainWindow({ preloadPath: path.join(DIST, 'preload', 'index.cjs'), ...bounds, show: !startedAtLogin(process.argv) });
  if (maximized) win.maximize();
  ipc.attach(win.webContents);
  if (process.platform === 'win32') app.setAppUserModelId('com.example.agentsoftphone');

  const appRoot = app.getAppPath();
  const installed = installDesktop({
    window: win,
    settings,
    hub,
    dispatch: (m, a, c) => dispatch(m, a, c),
    getState: service.getState,
    linkInbox,
    trayIconDir: path.join(appRoot, 'assets', 'tray'),
    appIconPath: path.join(appRoot, 'assets', 'icon.png'),
    log,
  });
  desktopBridge.bind(installed.desktop);
  // Closing the window keeps the app in the tray; quitting is explicit (tray menu or OS quit).
  app.on('window-all-closed', () => undefined);

  // Un-REGISTER and stop the embedded server before exiting, bounded so quitting never hangs.
  let shuttingDown = false;
  app.on('before-quit', (event) => {
    if (shuttingDown) return;
    // Asks first when a call is in progress; a "no" keeps the app running.
    if (!installed.desktop.lifecycle.onBeforeQuit(event)) return;
    shuttingDown = true;
    event.preventDefault();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref());
    const work = (async () => {
      installed.dispose();
      await service.dispose();
      ipc.dispose();
      await embedded?.close();
    })().catch((err: unknown) => log.error('shutdown failed', err));
    void Promise.race([work, timeout]).then(() => app.exit(0));
  });
}

main().catch((err: unknown) => {
  log.error('the desktop app failed to start', err);
  app.exit(1);
});
