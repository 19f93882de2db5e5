// The renderer's one store: AppState mirrored from main, notices (toasts), connection status and locale.
// Snapshots are immutable so useSyncExternalStore can compare by reference.
import { initialAppState, type AppState } from '../../../shared/contract.js';
import { isLocale, type Locale } from '../i18n/i18n.js';
import type { ConnectionStatus } from '../bridge/ws-transport.js';

export type NoticeLevel = 'info' | 'warning' | 'error';
export interface Notice {
  id: number;
  level: NoticeLevel;
  code: string;
  message: string;
}

export interface Snapshot {
  app: AppState;
  /** False until the first getState answer or state event arrived. */
  loaded: boolean;
  /** Counts applied AppStates, so a late answer (getState, signIn) can tell it is older than an event. */
  version: number;
  connection: ConnectionStatus;
  notices: readonly Notice[];
  locale: Locale;
  /** A click-to-dial link's target waiting for the outbound form (main's `dialRequest`); see features/desktop/dial-request.ts. */
  dialRequest: { target: string; seq: number } | null;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AppStore {
  getSnapshot(): Snapshot;
  subscribe(listener: () => void): () => void;
  setApp(app: AppState): void;
  /** Applies `app` only if no other AppState was applied since `sinceVersion` (a late answer must not roll back). */
  setAppIfUnchanged(app: AppState, sinceVersion: number): void;
  setConnection(status: ConnectionStatus): void;
  /** Adds a toast; a notice with the same code replaces the earlier one (main and the media engine may both report it). */
  addNotice(notice: Omit<Notice, 'id'>): number;
  dismissNotice(id: number): void;
  setLocale(locale: Locale): void;
  requestDial(target: string): void;
  /** The outbound form took request `seq` (a newer one stays). */
  consumeDialRequest(seq: number): void;
  dispose(): void;
}

export const LOCALE_STORAGE_KEY = 'softphone.locale';
/** Info and warning toasts leave on their own; errors stay until dismissed. */
export const NOTICE_TIMEOUT_MS = 6_000;
const MAX_NOTICES = 5;

export interface StoreOptions {
  storage?: KeyValueStorage | null;
  defaultLocale?: Locale;
  initialConnection?: ConnectionStatus;
}

export function createAppStore(options: StoreOptions = {}): AppStore {
  const storage = options.storage ?? null;
  let storedLocale: string | null = null;
  try {
    storedLocale = storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    // Storage may be blocked; the default locale is fine then.
  }
  let snapshot: Snapshot = {
    app: initialAppState(),
    loaded: false,
    version: 0,
    connection: options.initialConnection ?? 'connecting',
    notices: [],
    locale: isLocale(storedLocale) ? storedLocale : (options.defaultLocale ?? 'en'),
    dialRequest: null,
  };
  const listeners = new Set<() => void>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;
  let dialSeq = 0;

  const update = (patch: Partial<Snapshot>) => {
    snapshot = { ...snapshot, ...patch };
    for (const l of [...listeners]) l();
  };

  const dismissNotice = (id: number) => {
    const t = timers.get(id);
    if (t) clearTimeout(t);
    timers.delete(id);
    if (snapshot.notices.some((n) => n.id === id)) update({ notices: snapshot.notices.filter((n) => n.id !== id) });
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setApp(app) {
      update({ app, loaded: true, version: snapshot.version + 1 });
    },
    setAppIfUnchanged(app, sinceVersion) {
      if (snapshot.version === sinceVersion) update({ app, loaded: true, version: snapshot.version + 1 });
    },
    setConnection(connection) {
      if (connection !== snapshot.connection) update({ connection });
    },
    addNotice(notice) {
      const id = nextId++;
      const replaced = snapshot.notices.filter((n) => n.code === notice.code);
      for (const r of replaced) {
        clearTimeout(timers.get(r.id));
        timers.delete(r.id);
      }
      let notices = [...snapshot.notices.filter((n) => n.code !== notice.code), { ...notice, id }];
      while (notices.length > MAX_NOTICES) {
        const [oldest, ...rest] = notices;
        if (oldest) {
          clearTimeout(timers.get(oldest.id));
          timers.delete(oldest.id);
        }
        notices = rest;
      }
      if (notice.level !== 'error') timers.set(id, setTimeout(() => dismissNotice(id), NOTICE_TIMEOUT_MS));
      update({ notices });
      return id;
    },
    dismissNotice,
    setLocale(locale) {
      try {
        storage?.setItem(LOCALE_STORAGE_KEY, locale);
      } catch {
        // Not persisted; still switch for this session.
      }
      if (locale !== snapshot.locale) update({ locale });
    },
    requestDial(target) {
      update({ dialRequest: { target, seq: ++dialSeq } });
    },
    consumeDialRequest(seq) {
      if (snapshot.dialRequest?.seq === seq) update({ dialRequest: null });
    },
    dispose() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      listeners.clear();
    },
  };
}
