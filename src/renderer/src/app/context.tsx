// What components need from the outside world, passed once through context so tests can swap each part.
import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { SoftphoneApi } from '../../../shared/bridge.js';
import { BridgeError } from '../../../shared/contract.js';
import { hasMessage, translate, type MessageKey, type Translate, type Vars } from '../i18n/i18n.js';
import type { DeviceService } from '../media/devices.js';
import type { Ringer } from '../media/ringer.js';
import type { CallVideoService, EffectsService } from '../features/video/services.js';
import type { AppStore, Snapshot } from '../store/store.js';

export interface AppServices {
  store: AppStore;
  api: SoftphoneApi;
  ringer: Ringer;
  /** Session storage for drafts (wrap-up notes); null when unavailable. */
  drafts: Storage | null;
  /** Audio and video devices (§9.2); absent where the window has no media devices. */
  devices?: DeviceService;
  /** Video of the call in progress and screen sharing (issue 8); absent without a media engine. */
  video?: CallVideoService;
  /** Video effects settings and preview (issue 8, §9.4). */
  effects?: EffectsService;
}

const ServicesContext = createContext<AppServices | null>(null);

export function AppProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('AppProvider is missing above this component');
  return services;
}

export function useSnapshot<T>(select: (s: Snapshot) => T): T {
  const { store } = useServices();
  return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}

export function useT(): Translate {
  const locale = useSnapshot((s) => s.locale);
  return useCallback((key: MessageKey, vars?: Vars) => translate(locale, key, vars), [locale]);
}

/** Text for a failed bridge call: our own wording for codes we know, main's message otherwise. */
export function errorText(t: Translate, err: unknown): string {
  if (err instanceof BridgeError) {
    const key = `notice.${err.code}`;
    if (hasMessage(key)) return t(key);
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
