// Desktop integration for the Electron app: builds the adapters and the DesktopIntegration service and wires
// them to the window, the EventHub and the bridge dispatcher. Called from src/main/index.ts (composition root).
import { app, session, type BrowserWindow } from 'electron';
import type { Platform } from '../../../shared/accelerator.js';
import type { Dispatch, EventHub } from '../../../shared/bridge.js';
import type { AppState } from '../../../shared/contract.js';
import type { Logger } from '../../ports.js';
import type { LinkInbox } from '../../services/desktop/click-to-dial.js';
import { dispatchRunner } from '../../services/desktop/commands.js';
import { DesktopIntegration } from '../../services/desktop/desktop-integration.js';
import type { DesktopPowerPort } from '../../services/desktop/power.js';
import type { SecretVault } from '../../services/desktop/secrets.js';
import { SettingsStore } from '../../services/desktop/settings-store.js';
import { guardAllWebContents } from './navigation-guard.js';
import { electronLaunchAtLogin } from './login-item-adapter.js';
import { electronNotifier } from './notifier-adapter.js';
import { restrictPermissions } from './permissions.js';
import { electronPowerPort } from './power-adapter.js';
import { registerDialProtocols } from './protocol-adapter.js';
import { electronSecretVault } from './secret-adapter.js';
import { electronSettingsPort } from './settings-adapter.js';
import { electronShortcuts } from './shortcut-adapter.js';
import { createTray, onPanelThemeChange, panelTheme } from './tray-adapter.js';
import { quitDialog, windowPort, wireWindow } from './window-adapter.js';

export { claimSingleInstance, captureDialLinks } from './protocol-adapter.js';
export { savedWindowBounds } from './window-adapter.js';
export { openExternal } from './navigation-guard.js';
export { startedAtLogin } from '../../services/desktop/launch-at-login.js';

/** Permission handlers and navigation guards for the app's origins. Call once after `app.whenReady()`. */
export function installWebSecurity(appOrigins: readonly string[]): void {
  restrictPermissions(session.defaultSession, appOrigins);
  guardAllWebContents(appOrigins);
}

/** The settings store; open it before creating the window (its bounds come from here). */
export const openDesktopSettings = (log: Pick<Logger, 'warn'>): SettingsStore => new SettingsStore(electronSettingsPort(), log);

export interface InstallDesktopOptions {
  window: BrowserWindow;
  settings: SettingsStore;
  hub: EventHub;
  /** The bridge dispatcher (createDispatcher over the engine's handlers): tray/hotkey/notification commands. */
  dispatch: Dispatch;
  getState: () => AppState;
  /** From captureDialLinks(), called before app ready. */
  linkInbox: LinkInbox;
  /** Folder with the tray icons (assets/tray). */
  trayIconDir: string;
  /** App icon shown in notifications (assets/icon.png). */
  appIconPath: string;
  log: Logger;
}

export interface InstalledDesktop {
  desktop: DesktopIntegration;
  /** Feed to the engine (suspend/resume; lock/unlock as well). */
  power: DesktopPowerPort;
  vault: SecretVault;
  dispose(): void;
}

export function installDesktop(o: InstallDesktopOptions): InstalledDesktop {
  const vault = electronSecretVault(app.getPath('userData'), (m) => o.log.warn(m));
  const holder: { desktop?: DesktopIntegration } = {};
  const { tray, port } = createTray(o.trayIconDir, () => holder.desktop?.showWindow());
  const desktop = new DesktopIntegration({
    platform: process.platform as Platform,
    settings: o.settings,
    vault,
    tray: port,
    theme: panelTheme(),
    shortcuts: electronShortcuts,
    notifier: electronNotifier(o.appIconPath),
    window: windowPort(o.window),
    dialog: quitDialog(o.window),
    launchAtLogin: electronLaunchAtLogin(),
    quit: () => app.quit(),
    getState: o.getState,
    runCommand: dispatchRunner(o.dispatch, (message, code) => o.hub.emit('notice', { level: 'error', code, message })),
    events: {
      notice: (n) => o.hub.emit('notice', n),
      dialRequest: (d) => o.hub.emit('dialRequest', d),
      desktopSettings: (v) => o.hub.emit('desktopSettings', v),
    },
    log: o.log,
  });
  holder.desktop = desktop;
  const detach = o.hub.attach(desktop.onBridgeEvent);
  onPanelThemeChange((theme) => desktop.setTheme(theme));
  wireWindow(o.window, desktop);
  registerDialProtocols();
  o.linkInbox.attach(desktop.clickToDial);
  return {
    desktop,
    power: electronPowerPort(),
    vault,
    dispose: () => {
      detach();
      desktop.dispose();
      tray.destroy();
    },
  };
}
