// Electron adapters for the window: the app:// protocol serving dist/renderer with the CSP and a sandboxed
// BrowserWindow. Permissions and navigation are guarded in one place: installWebSecurity (electron/desktop).
import { readFile } from 'node:fs/promises';
import { BrowserWindow, protocol } from 'electron';
import { contentSecurityPolicy, contentTypeFor, resolveStaticPath, securityHeaders } from '../web-host/static-files.js';
import { mainWebPreferences } from './web-preferences.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const isAppUrl = (url: string): boolean => url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);

/** Must run before app 'ready': app:// behaves like a secure, standard origin (getUserMedia, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

/** Serves the built renderer under app://renderer/ (no file:// URLs anywhere). */
export function serveApp(rendererDir: string): void {
  const headers = securityHeaders(contentSecurityPolicy());
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStaticPath(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not Found', { status: 404, headers });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: { ...headers, 'content-type': contentTypeFor(file) } });
    } catch {
      return new Response('Not Found', { status: 404, headers });
    }
  });
}

export interface MainWindowOptions {
  preloadPath: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  /** False when launched hidden at login (the app then lives in the tray). */
  show?: boolean;
}

export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: o.width ?? 1200,
    height: o.height ?? 800,
    ...(o.x !== undefined && o.y !== undefined ? { x: o.x, y: o.y } : {}),
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Agent Softphone',
    webPreferences: mainWebPreferences(o.preloadPath),
  });
  if (o.show !== false) win.once('ready-to-show', () => win.show());
  // Navigation, window.open, <webview> and permissions are guarded once for every web contents by
  // installWebSecurity (electron/desktop), which must run before this window is created.
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
