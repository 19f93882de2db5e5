// The agent's engine options that must survive a restart (issue 3: auto-answer), over the same
// SettingsPort as the desktop settings: electron-store in Electron, `conf` in the web host's data dir.
// Without a port (tests, a web host started without a data dir) they live in memory only.
import { z } from 'zod';
import type { Logger } from '../../ports.js';
import type { SettingsPort } from '../desktop/settings-store.js';

const EnginePrefsSchema = z.object({
  autoAnswer: z.boolean().catch(false),
});
export type EnginePrefs = z.infer<typeof EnginePrefsSchema>;
export const DEFAULT_ENGINE_PREFS: EnginePrefs = { autoAnswer: false };

/** Reads stored prefs; anything unreadable (hand-edited file, another version) falls back per field. */
export function parseEnginePrefs(raw: unknown): EnginePrefs {
  const r = EnginePrefsSchema.safeParse(typeof raw === 'object' && raw !== null ? raw : {});
  return r.success ? r.data : { ...DEFAULT_ENGINE_PREFS };
}

export class EnginePrefsStore {
  private prefs: EnginePrefs;

  constructor(private readonly port: SettingsPort | undefined, private readonly log: Pick<Logger, 'warn'>) {
    let raw: unknown = {};
    try {
      raw = port?.get() ?? {};
    } catch (err) {
      log.warn(`engine settings could not be read; using defaults: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.prefs = parseEnginePrefs(raw);
  }

  get(): EnginePrefs {
    return this.prefs;
  }

  set(patch: Partial<EnginePrefs>): EnginePrefs {
    this.prefs = parseEnginePrefs({ ...this.prefs, ...patch });
    try {
      this.port?.set({ ...this.prefs });
    } catch (err) {
      // The choice still applies until the app quits.
      this.log.warn(`engine settings could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.prefs;
  }
}
