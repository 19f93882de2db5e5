// The ONE composition root of the desktop app (Electron main process). Bundled by scripts/build.mjs into
// dist/main/electron-main.cjs, so import.meta.dirname is dist/main at run time.
//   COMPANION_URL       use this companion server; otherwise one is embedded on 127.0.0.1 (demo data)
//   SOFTPHONE_USER_DATA override Electron's userData folder (tests, portable setups)
import path from 'node:path';
import { app, session } from 'electron';
import { createDispatcher, EventHub } from '../shared/bridge.js';
import { createMainWindow, installPermissionHandlers, isAppUrl, registerAppScheme, serveApp } from './electron/main.js';
import { startIpcHost } from './electron/ipc-host.js';
import { consoleLogger } from './ports.js';
import { createSoftphoneService } from './services/app.js';

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
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const { url, embedded } = await companionUrl();

  const hub = new EventHub();
  const service = createSoftphoneService({ hub, defaultCompanionUrl: url, logger: log });
  const ipc = startIpcHost({ dispatch: createDispatcher(service.handlers), hub, isAppUrl, onSenderGone: (id) => service.detachSender(id) });

  serveApp(path.join(DIST, 'renderer'));
  installPermissionHandlers(session.defaultSession);
  const win = createMainWindow({ preloadPath: path.join(DIST, 'preload', 'index.cjs') });
  ipc.attach(win.webContents);

  app.on('second-instance', () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());

  // Un-REGISTER and stop the embedded server before exiting, bounded so quitting never hangs.
  let shuttingDown = false;
  app.on('before-quit', (event) => {
    if (shuttingDown) return;
    shuttingDown = true;
    event.preventDefault();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref());
    const work = (async () => {
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
