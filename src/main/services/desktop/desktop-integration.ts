// Composition of the desktop services: feeds AppState to the tray, the notification and click-to-dial, turns
// tray clicks / hotkeys / notification buttons into engine commands, keeps hotkeys registered while signed in,
// and serves the desktop settings page (desktopContract). Everything OS-specific arrives through ports.
import type { Platform } from '../../../shared/accelerator.js';
import { AppStateSchema, BridgeError, type AppState } from '../../../shared/contract.js';
import {
  DesktopPreferencesPatchSchema,
  type DesktopCapabilities,
  type DesktopView,
  type DialRequest,
  type HotkeyAction,
} from '../../../shared/desktop-contract.js';
import type { Logger } from '../../ports.js';
import { ClickToDial } from './click-to-dial.js';
import type { CommandRunner } from './commands.js';
import { stringsFor } from './desktop-strings.js';
import { commandFor, HotkeyManager, type HotkeyFailure, type ShortcutPort } from './hotkeys.js';
import type { LaunchAtLogin } from './launch-at-login.js';
import { IncomingCallNotifier, notificationActionsSupported, type NotifierPort } from './notifications.js';
import type { SecretName, SecretVault } from './secrets.js';
import type { SettingsStore } from './settings-store.js';
import { TrayPresenter, type PanelTheme, type TrayPort } from './tray-model.js';
import { bringForward, restoreBounds, WindowBoundsSchema, WindowLifecycle, type QuitDialogPort, type Rect, type RestoredBounds, type WindowPort } from './window-policy.js';

export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 760 };

export interface DesktopNotice {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
}

/** Events for the renderer (contract events `notice`, `dialRequest`, `desktopSettings`), sent through the EventHub. */
export interface DesktopEvents {
  notice(notice: DesktopNotice): void;
  dialRequest(request: DialRequest): void;
  desktopSettings(view: DesktopView): void;
}

export interface DesktopIntegrationDeps {
  platform: Platform;
  settings: SettingsStore;
  vault: SecretVault;
  tray: TrayPort;
  theme: PanelTheme;
  shortcuts: ShortcutPort;
  notifier: NotifierPort;
  window: WindowPort;
  dialog: QuitDialogPort;
  launchAtLogin: Pick<LaunchAtLogin, 'apply'>;
  quit: () => void;
  getState: () => AppState;
  runCommand: CommandRunner;
  events: DesktopEvents;
  log: Pick<Logger, 'warn'>;
  /** What the host really does (default: everything, the installed app); the web host passes all false. */
  capabilities?: DesktopCapabilities;
}

export const FULL_CAPABILITIES: DesktopCapabilities = { globalHotkeys: true, tray: true, launchAtLogin: true };

/** A ShortcutPort that accepts everything: validates bindings while hotkeys are not registered (signed out). */
const dryRunShortcuts: ShortcutPort = { register: () => true, unregister: () => undefined };

export class DesktopIntegration {
  readonly lifecycle: WindowLifecycle;
  readonly clickToDial: ClickToDial;
  private readonly tray: TrayPresenter;
  private readonly notifier: IncomingCallNotifier;
  private readonly hotkeys: HotkeyManager;
  /** Validation-only twin used while signed out, so the settings page reports problems at once. */
  private readonly dryRun: HotkeyManager;
  private hotkeysActive = false;

  constructor(private readonly deps: DesktopIntegrationDeps) {
    const locale = () => deps.settings.get().locale;
    this.tray = new TrayPresenter(deps.tray, {
      locale: locale(),
      theme: deps.theme,
      onIntent: (intent) => {
        if (intent.type === 'show') this.showWindow();
        else if (intent.type === 'quit') deps.quit();
        else void deps.runCommand({ method: 'setStatus', args: { status: intent.status } });
      },
    });
    this.hotkeys = new HotkeyManager(deps.shortcuts, deps.platform, (action) => this.onHotkey(action));
    this.dryRun = new HotkeyManager(dryRunShortcuts, deps.platform, () => undefined);
    this.dryRun.apply(deps.settings.get().hotkeys);
    this.notifier = new IncomingCallNotifier({
      notifier: deps.notifier,
      runCommand: deps.runCommand,
      showWindow: () => this.showWindow(),
      requestAttention: (on) => deps.window.requestAttention(on),
      locale,
      actionsSupported: notificationActionsSupported(deps.platform),
      answerHotkey: () => this.activeHotkeys().bindings().answer,
    });
    this.clickToDial = new ClickToDial({
      prefill: (target) => deps.events.dialRequest({ target }),
      notice: (message) => deps.events.notice({ level: 'warning', code: 'dial_link_rejected', message }),
      bringForward: () => this.showWindow(),
      locale,
    });
    this.lifecycle = new WindowLifecycle({
      window: deps.window,
      dialog: deps.dialog,
      quit: deps.quit,
      getState: deps.getState,
      closeToTray: () => deps.settings.get().closeToTray,
      locale,
    });
    this.update(deps.getState());
  }

  /** Call on every AppState change (e.g. from the EventHub's `state` events). */
  update(state: AppState): void {
    this.setHotkeysActive(state.session !== null);
    this.tray.update(state);
    this.notifier.update(state);
    this.clickToDial.update(state);
  }

  /** An EventHub sink: follows the engine's `state` events (other events are ignored). */
  readonly onBridgeEvent = (event: string, payload: unknown): void => {
    if (event !== 'state') return;
    const parsed = AppStateSchema.safeParse(payload);
    if (parsed.success) this.update(parsed.data);
  };

  setTheme(theme: PanelTheme): void {
    this.tray.setTheme(theme);
  }

  showWindow(): void {
    bringForward(this.deps.window);
  }

  // ------------------------------------------------------------------- settings page (desktopContract)

  view(): DesktopView {
    return {
      preferences: this.deps.settings.preferences(),
      hotkeys: this.activeHotkeys().status(),
      secureStorage: this.deps.vault.available(),
      capabilities: { ...(this.deps.capabilities ?? FULL_CAPABILITIES) },
    };
  }

  /** A link handed over by the page itself (bridge `openDialLink`): the same path as an OS link. */
  openDialLink(url: string): boolean {
    return this.clickToDial.openUrl(url);
  }

  updatePreferences(args: unknown): DesktopView {
    const parsed = DesktopPreferencesPatchSchema.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BridgeError('invalid_settings', `Invalid desktop setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid value'}`);
    }
    const { hotkeys, ...rest } = parsed.data;
    const before = this.deps.settings.get();

    if (rest.launchAtLogin !== undefined && rest.launchAtLogin !== before.launchAtLogin) {
      try {
        this.deps.launchAtLogin.apply(rest.launchAtLogin);
      } catch (err) {
        delete rest.launchAtLogin;
        this.deps.events.notice({ level: 'error', code: 'launch_at_login_failed', message: `Launch at login could not be changed: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    this.deps.settings.update(rest);
    if (rest.locale) this.tray.setLocale(rest.locale);

    if (hotkeys) {
      const manager = this.activeHotkeys();
      const failures = manager.apply(hotkeys);
      // Save what is really in force for every action the agent touched: a refused change keeps the old one.
      const bound = manager.bindings();
      const touched = Object.keys(hotkeys) as HotkeyAction[];
      this.deps.settings.update({ hotkeys: Object.fromEntries(touched.map((a) => [a, bound[a]])) });
      if (this.hotkeysActive) this.dryRun.apply(this.deps.settings.get().hotkeys);
      this.reportHotkeyFailures(failures);
    }
    const view = this.view();
    this.deps.events.desktopSettings(view);
    return view;
  }

  // ----------------------------------------------------------------------------------- window bounds

  restoreWindowBounds(workAreas: readonly Rect[]): RestoredBounds {
    return restoreBounds(this.deps.settings.get().windowBounds, workAreas, DEFAULT_WINDOW_SIZE);
  }

  saveWindowBounds(bounds: Rect, maximized: boolean): void {
    const parsed = WindowBoundsSchema.safeParse({ ...bounds, maximized });
    if (!parsed.success) return; // e.g. a minimised window reports nonsense on some platforms
    try {
      this.deps.settings.update({ windowBounds: parsed.data });
    } catch (err) {
      this.deps.log.warn(`Window bounds not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // ------------------------------------------------------------------------------------------ secrets

  /** Stores a secret encrypted, or tells the agent why it was not stored. Returns whether it was saved. */
  rememberSecret(name: SecretName, value: string): boolean {
    const result = this.deps.vault.save(name, value);
    if (!result.saved) {
      const message = result.reason === 'unavailable' ? stringsFor(this.deps.settings.get().locale).secretsUnavailable : result.message;
      this.deps.events.notice({ level: 'warning', code: 'secure_storage_unavailable', message });
    }
    return result.saved;
  }

  dispose(): void {
    this.hotkeys.clear();
    this.hotkeysActive = false;
    this.notifier.dispose();
  }

  // --------------------------------------------------------------------------------------- internals

  private activeHotkeys(): HotkeyManager {
    return this.hotkeysActive ? this.hotkeys : this.dryRun;
  }

  /** Hotkeys are claimed from the OS only while signed in, so a signed-out app takes no keys from others. */
  private setHotkeysActive(active: boolean): void {
    if (active === this.hotkeysActive) return;
    this.hotkeysActive = active;
    if (!active) {
      this.hotkeys.clear();
      return;
    }
    const failures = this.hotkeys.apply(this.deps.settings.get().hotkeys);
    this.reportHotkeyFailures(failures);
  }

  private onHotkey(action: HotkeyAction): void {
    const command = commandFor(action, this.deps.getState());
    if (command) void this.deps.runCommand(command);
  }

  private reportHotkeyFailures(failures: HotkeyFailure[]): void {
    const t = stringsFor(this.deps.settings.get().locale);
    const bound = this.activeHotkeys().bindings();
    for (const f of failures) {
      const reason = f.reason === 'taken' ? t.hotkeyTakenReason : f.message;
      this.deps.events.notice({
        level: 'warning',
        code: `hotkey_${f.reason}`,
        message: t.hotkeyRefused(t.hotkeyAction[f.action], f.accelerator, reason, bound[f.action]),
      });
    }
  }
}
