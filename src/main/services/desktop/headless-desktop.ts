// The desktop integration for the web host (a Node process serving the UI to a browser tab). The same
// DesktopIntegration runs, so settings validation, persistence and click-to-dial take the installed app's code
// paths; only the OS ports do nothing: no tray, no OS notification, no login item, and a shortcut port that
// accepts bindings without holding any key. The view says so (capabilities all false) and the settings page
// tells the agent that those settings apply in the installed app only, rather than pretending they work.
import type { Dispatch, EventHub } from '../../../shared/bridge.js';
import type { Platform } from '../../../shared/accelerator.js';
import type { AppState } from '../../../shared/contract.js';
import type { Logger } from '../../ports.js';
import { dispatchRunner } from './commands.js';
import { DesktopIntegration } from './desktop-integration.js';
import { SecretVault } from './secrets.js';
import { SettingsStore, type SettingsPort } from './settings-store.js';

export const HEADLESS_CAPABILITIES = { globalHotkeys: false, tray: false, launchAtLogin: false } as const;

/** Settings kept in memory only (a web host started without a data directory). */
export function memorySettingsPort(): SettingsPort {
  let stored: unknown;
  return { get: () => stored, set: (value) => void (stored = structuredClone(value)) };
}

export const platformOf = (p: string): Platform => (p === 'darwin' || p === 'win32' ? p : 'linux');

export interface HeadlessDesktopOptions {
  hub: EventHub;
  dispatch: Dispatch;
  getState: () => AppState;
  settings: SettingsPort;
  log: Pick<Logger, 'warn'>;
  platform?: string;
}

export interface HeadlessDesktop {
  desktop: DesktopIntegration;
  dispose(): void;
}

export function startHeadlessDesktop(o: HeadlessDesktopOptions): HeadlessDesktop {
  const nothing = () => undefined;
  const desktop = new DesktopIntegration({
    platform: platformOf(o.platform ?? process.platform),
    settings: new SettingsStore(o.settings, o.log),
    // No OS key store here: secrets are never saved, and the view reports secureStorage false.
    vault: new SecretVault({ available: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }, { read: () => null, write: nothing, remove: nothing }),
    tray: { setImage: nothing, setToolTip: nothing, setMenu: nothing },
    theme: 'light',
    shortcuts: { register: () => true, unregister: nothing },
    notifier: { show: () => ({ close: nothing }) },
    window: { show: nothing, hide: nothing, focus: nothing, restore: nothing, isMinimized: () => false, isFocused: () => true, requestAttention: nothing },
    dialog: { confirm: () => Promise.resolve(true) },
    launchAtLogin: { apply: nothing },
    quit: nothing,
    getState: o.getState,
    runCommand: dispatchRunner(o.dispatch, (message, code) => o.hub.emit('notice', { level: 'error', code, message })),
    events: {
      notice: (n) => o.hub.emit('notice', n),
      dialRequest: (d) => o.hub.emit('dialRequest', d),
      desktopSettings: (v) => o.hub.emit('desktopSettings', v),
    },
    log: o.log,
    capabilities: { ...HEADLESS_CAPABILITIES },
  });
  const detach = o.hub.attach(desktop.onBridgeEvent);
  return {
    desktop,
    dispose: () => {
      detach();
      desktop.dispose();
    },
  };
}
