// Pure decisions behind the Electron hardening (see docs/security.md): which origin is the app, which
// permissions it gets, where it may navigate, which URLs may leave for the system browser.

/** "scheme://host[:port]" of a URL, also for custom schemes (WHATWG URL reports origin "null" for those). */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes keep the host's case in WHATWG URL; hosts compare case-insensitively.
    return u.host ? `${u.protocol}//${u.host.toLowerCase()}` : null;
  } catch {
    return null;
  }
}

/** True when `url` belongs to one of the app's own origins (app://…, or the dev server when configured). */
export function isAppUrl(url: string, appOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && appOrigins.some((o) => originOf(o) === origin);
}

/**
 * Permissions the app's own pages get: microphone/camera and screen capture for calls, fullscreen for video
 * playback, output-device choice, writing the caller's number to the clipboard ("copy number"), and web
 * notifications (the renderer may use them in browser mode). Everything else (geolocation, clipboard
 * reading, USB, HID, serial, MIDI, …) is denied, and nothing is granted to any other origin.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'media',
  'display-capture',
  'fullscreen',
  'speaker-selection',
  'clipboard-sanitized-write',
  'notifications',
]);

export function permissionAllowed(permission: string, requestingUrl: string, appOrigins: readonly string[]): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appOrigins);
}

/** In-window navigation: only within the app itself; everything else is blocked. */
export function navigationAllowed(url: string, appOrigins: readonly string[]): boolean {
  return isAppUrl(url, appOrigins);
}

export const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * URLs that may be handed to the system browser (shell.openExternal): http(s) only, with a host, without
 * embedded credentials or control characters. file:, javascript:, custom protocol handlers (which could start
 * other programs) and smb: shares are never opened.
 */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(url)) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password) return false;
  return u.hostname.length > 0;
}

/**
 * `setWindowOpenHandler` policy: never a new Electron window; a safe http(s) link goes to the system browser.
 */
export function handleWindowOpen(url: string, openExternal: (url: string) => unknown): { action: 'deny' } {
  openExternalIfSafe(url, openExternal);
  return { action: 'deny' };
}

/** The only way the app hands a URL to the OS: checked first, failures swallowed. Returns whether it tried. */
export function openExternalIfSafe(url: unknown, openExternal: (url: string) => unknown): boolean {
  if (!isSafeExternalUrl(url)) return false;
  try {
    void Promise.resolve(openExternal(url)).catch(() => undefined);
  } catch {
    // The browser could not be started; the link simply does nothing.
  }
  return true;
}

/** IPC sender check: only the app's own top-level page may call the bridge. */
export function isTrustedSender(frameUrl: string | undefined, appOrigins: readonly string[]): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl, appOrigins);
}

/** `will-navigate` / `will-redirect` handler body: blocks anything outside the app. */
export function guardNavigation(event: { preventDefault(): void }, url: string, appOrigins: readonly string[]): void {
  if (!navigationAllowed(url, appOrigins)) event.preventDefault();
}
