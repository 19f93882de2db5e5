// Navigation guard: every web contents (also ones created later) may navigate only within the app, gets no
// new windows and no <webview>; http(s) links open in the system browser after isSafeExternalUrl.
import { app, shell, type WebContents } from 'electron';
import { guardNavigation, handleWindowOpen, openExternalIfSafe } from '../../services/desktop/web-security.js';

export function guardWebContents(contents: WebContents, appOrigins: readonly string[]): void {
  contents.on('will-navigate', (details) => guardNavigation(details, details.url, appOrigins));
  contents.on('will-redirect', (details) => guardNavigation(details, details.url, appOrigins));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => handleWindowOpen(url, (safe) => shell.openExternal(safe)));
}

/** Applies guardWebContents to every web contents the app ever creates. Call once, early. */
export function guardAllWebContents(appOrigins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appOrigins));
}

/** For main-process code that wants to open a link: checked http(s) only. */
export const openExternal = (url: unknown): boolean => openExternalIfSafe(url, (safe) => shell.openExternal(safe));
