import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../shared/bridge.js';
import { BridgeError, initialAppState, type AppState } from '../../../shared/contract.js';
import type { DesktopView, DialRequest } from '../../../shared/desktop-contract.js';
import type { DesktopCommand } from './commands.js';
import { DesktopIntegration, type DesktopNotice } from './desktop-integration.js';
import { DEFAULT_HOTKEYS, type ShortcutPort } from './hotkeys.js';
import type { IncomingCallNotification, NotifierPort } from './notifications.js';
import { SecretVault, type BlobStore, type SecretStore } from './secrets.js';
import { SettingsStore, type SettingsPort } from './settings-store.js';
import { signedIn, withCall } from './state-fixtures.js';
import type { MenuModel, PanelTheme, TrayIconName, TrayPort } from './tray-model.js';
import type { WindowPort } from './window-policy.js';

class Fakes {
  state: AppState = initialAppState();
  commands: DesktopCommand[] = [];
  notices: DesktopNotice[] = [];
  dials: DialRequest[] = [];
  views: DesktopView[] = [];
  windowLog: string[] = [];
  quits = 0;
  trayImage = '';
  trayTip = '';
  trayMenu: MenuModel = [];
  trayClick: (id: string) => void = () => undefined;
  registered = new Map<string, () => void>();
  takenByOthers = new Set<string>();
  notifications: IncomingCallNotification[] = [];
  notificationEvents: { onClick(): void; onAction(index: number): void } | null = null;
  launch: boolean[] = [];
  launchFails = false;
  stored: unknown = undefined;
  blobs = new Map<string, Buffer>();
  encryption = true;

  tray: TrayPort = {
    setImage: (icon: TrayIconName, theme: PanelTheme) => (this.trayImage = `${icon}-${theme}`),
    setToolTip: (t) => (this.trayTip = t),
    setMenu: (menu, onClick) => {
      this.trayMenu = menu;
      this.trayClick = onClick;
    },
  };
  shortcuts: ShortcutPort = {
    register: (accel, cb) => {
      if (this.takenByOthers.has(accel)) return false;
      this.registered.set(accel, cb);
      return true;
    },
    unregister: (accel) => void this.registered.delete(accel),
  };
  notifier: NotifierPort = {
    show: (n, events) => {
      this.notifications.push(n);
      this.notificationEvents = events;
      return { close: () => this.windowLog.push(`notification closed ${n.callId}`) };
    },
  };
  window: WindowPort = {
    show: () => this.windowLog.push('show'),
    hide: () => this.windowLog.push('hide'),
    focus: () => this.windowLog.push('focus'),
    restore: () => this.windowLog.push('restore'),
    isMinimized: () => false,
    isFocused: () => true,
    requestAttention: (on) => this.windowLog.push(`attention ${on}`),
  };
  settingsPort: SettingsPort = { get: () => this.stored, set: (v) => (this.stored = structuredClone(v)) };
  crypto: SecretStore = {
    available: () => this.encryption,
    encrypt: (p) => Buffer.from(p, 'utf8').reverse(),
    decrypt: (b) => Buffer.from(b).reverse().toString('utf8'),
  };
  blobStore: BlobStore = {
    read: (n) => this.blobs.get(n) ?? null,
    write: (n, d) => void this.blobs.set(n, d),
    remove: (n) => void this.blobs.delete(n),
  };

  press(accel: string) {
    const cb = this.registered.get(accel);
    if (!cb) throw new Error(`${accel} is not registered`);
    cb();
  }
}

const setup = (platform: 'linux' | 'darwin' = 'linux') => {
  const f = new Fakes();
  const desktop = new DesktopIntegration({
    platform,
    settings: new SettingsStore(f.settingsPort, { warn: () => undefined }),
    vault: new SecretVault(f.crypto, f.blobStore),
    tray: f.tray,
    theme: 'dark',
    shortcuts: f.shortcuts,
    notifier: f.notifier,
    window: f.window,
    dialog: { confirm: async () => true },
    launchAtLogin: {
      apply: (on) => {
        if (f.launchFails) throw new Error('denied by policy');
        f.launch.push(on);
      },
    },
    quit: () => f.quits++,
    getState: () => f.state,
    runCommand: async (c) => void f.commands.push(c),
    events: {
      notice: (n) => f.notices.push(n),
      dialRequest: (d) => f.dials.push(d),
      desktopSettings: (v) => f.views.push(v),
    },
    log: { warn: () => undefined },
  });
  const set = (state: AppState) => {
    f.state = state;
    desktop.update(state);
  };
  return { f, desktop, set };
};

describe('DesktopIntegration', () => {
  it('claims hotkeys only while signed in', () => {
    const { f, set } = setup();
    expect(f.registered.size).toBe(0);
    set(signedIn());
    expect([...f.registered.keys()].sort()).toEqual(Object.values(DEFAULT_HOTKEYS).sort());
    set(initialAppState());
    expect(f.registered.size).toBe(0);
  });

  it('an incoming call: tray rings, notification shows, the answer hotkey answers, hold toggles', () => {
    const { f, set } = setup();
    set(signedIn());
    expect(f.trayImage).toBe('available-dark');
    f.press(DEFAULT_HOTKEYS.answer!); // nothing rings: no command
    f.press(DEFAULT_HOTKEYS.holdResume!);
    expect(f.commands).toEqual([]);

    set(withCall({ phase: 'ringing' }));
    expect(f.trayImage).toBe('ringing-dark');
    expect(f.trayTip).toBe('Softphone — Incoming call: Taro Yamada');
    expect(f.notifications).toHaveLength(1);
    // Linux notifications have no buttons: the body names the answer hotkey.
    expect(f.notifications[0]!.body).toContain('Press CommandOrControl+Alt+Shift+A to answer');
    f.press(DEFAULT_HOTKEYS.answer!);
    expect(f.commands).toEqual([{ method: 'answer', args: { callId: 'c1' } }]);

    set(withCall({ phase: 'active' }));
    expect(f.windowLog).toContain('notification closed c1');
    f.press(DEFAULT_HOTKEYS.holdResume!);
    f.press(DEFAULT_HOTKEYS.mute!);
    f.press(DEFAULT_HOTKEYS.hangup!);
    expect(f.commands.slice(1)).toEqual([
      { method: 'hold', args: { callId: 'c1', on: true } },
      { method: 'mute', args: { callId: 'c1', on: true } },
      { method: 'hangup', args: { callId: 'c1' } },
    ]);
  });

  it('notification buttons on macOS answer or reject', () => {
    const { f, set } = setup('darwin');
    set(withCall({ phase: 'ringing' }));
    expect(f.notifications[0]!.actions.map((a) => a.id)).toEqual(['answer', 'reject']);
    f.notificationEvents!.onAction(1);
    expect(f.commands).toEqual([{ method: 'reject', args: { callId: 'c1' } }]);
  });

  it('tray menu: status choice runs setStatus, show brings the window, quit quits', () => {
    const { f, set } = setup();
    set(signedIn());
    f.trayClick('status:Away');
    f.trayClick('show');
    f.trayClick('quit');
    expect(f.commands).toEqual([{ method: 'setStatus', args: { status: 'Away' } }]);
    expect(f.windowLog).toEqual(['show', 'focus']);
    expect(f.quits).toBe(1);
  });

  it('a hotkey taken by another app: notice, previous binding kept, setting unchanged', () => {
    const { f, set, desktop } = setup();
    set(signedIn());
    f.takenByOthers.add('Control+Alt+F9');
    const view = desktop.updatePreferences({ hotkeys: { answer: 'Ctrl+Alt+F9', mute: 'Ctrl+Alt+F10' } });
    expect(f.notices).toEqual([
      {
        level: 'warning',
        code: 'hotkey_taken',
        message: 'The answer hotkey Control+Alt+F9 could not be set: another application already uses it. CommandOrControl+Alt+Shift+A stays in use.',
      },
    ]);
    expect(view.preferences.hotkeys).toEqual({ ...DEFAULT_HOTKEYS, mute: 'Control+Alt+F10' });
    expect(view.hotkeys.find((h) => h.action === 'answer')).toEqual({
      action: 'answer',
      accelerator: 'CommandOrControl+Alt+Shift+A',
      failure: { requested: 'Control+Alt+F9', problem: 'taken', message: 'Control+Alt+F9 is used by another application.' },
    });
    expect(f.registered.has('Control+Alt+F10')).toBe(true);
    expect(f.views).toEqual([view]);
    expect((f.stored as { hotkeys: unknown }).hotkeys).toEqual(view.preferences.hotkeys);
  });

  it('while signed out hotkey changes are validated and saved without touching the OS', () => {
    const { f, desktop, set } = setup();
    const view = desktop.updatePreferences({ hotkeys: { answer: 'CmdOrCtrl+C', hangup: 'Ctrl+Alt+F8' } });
    expect(f.registered.size).toBe(0);
    expect(f.notices.map((n) => n.code)).toEqual(['hotkey_reserved']);
    expect(view.preferences.hotkeys.answer).toBe(DEFAULT_HOTKEYS.answer);
    expect(view.preferences.hotkeys.hangup).toBe('Control+Alt+F8');
    set(signedIn());
    expect(f.registered.has('Control+Alt+F8')).toBe(true);
  });

  it('a hotkey that is taken at sign-in is reported', () => {
    const { f, set } = setup();
    f.takenByOthers.add(DEFAULT_HOTKEYS.mute!);
    set(signedIn());
    expect(f.notices.map((n) => n.message)).toEqual(['The mute hotkey CommandOrControl+Alt+Shift+M could not be set: another application already uses it. No hotkey is set for it.']);
  });

  it('locale, close-to-tray and launch at login', () => {
    const { f, desktop, set } = setup();
    set(signedIn());
    desktop.updatePreferences({ locale: 'ja', closeToTray: false, launchAtLogin: true });
    expect(f.trayTip).toBe('ソフトフォン — 対応可能');
    expect(f.launch).toEqual([true]);
    expect(desktop.view().preferences).toMatchObject({ locale: 'ja', closeToTray: false, launchAtLogin: true });
    f.launchFails = true;
    desktop.updatePreferences({ launchAtLogin: false });
    expect(desktop.view().preferences.launchAtLogin).toBe(true);
    expect(f.notices.at(-1)).toEqual({ level: 'error', code: 'launch_at_login_failed', message: 'Launch at login could not be changed: denied by policy' });
  });

  it('refuses a malformed settings patch', () => {
    const { desktop } = setup();
    expect(() => desktop.updatePreferences({ locale: 'xx' })).toThrow(/^Invalid desktop setting locale: /);
    expect(() => desktop.updatePreferences({ evil: true })).toThrow(BridgeError);
    expect(() => desktop.updatePreferences('nope')).toThrow(BridgeError);
  });

  it('click-to-dial prefills the dialog', () => {
    const { f, desktop, set } = setup();
    set(signedIn());
    desktop.clickToDial.openUrl('tel:+81-3-1234-5678');
    expect(f.dials).toEqual([{ target: '+81312345678' }]);
  });

  it('closing the window while registered hides it (setting on by default)', () => {
    const { f, desktop, set } = setup();
    set(signedIn());
    const e = { prevented: false, preventDefault() { this.prevented = true; } };
    desktop.lifecycle.onWindowClose(e);
    expect(e.prevented).toBe(true);
    expect(f.windowLog).toEqual(['hide']);
  });

  it('window bounds round-trip through the settings, invalid ones are ignored', () => {
    const { desktop } = setup();
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(desktop.restoreWindowBounds(screen)).toEqual({ bounds: { width: 1100, height: 760 }, maximized: false });
    desktop.saveWindowBounds({ x: 50, y: 60, width: 900, height: 700 }, true);
    desktop.saveWindowBounds({ x: Number.NaN, y: 0, width: 0, height: 0 }, false);
    expect(desktop.restoreWindowBounds(screen)).toEqual({ bounds: { x: 50, y: 60, width: 900, height: 700 }, maximized: true });
  });

  it('secrets: saved encrypted when possible, otherwise the agent is told', () => {
    const { f, desktop } = setup();
    expect(desktop.rememberSecret('sipPassword', 'pw-123456')).toBe(true);
    expect(f.blobs.get('sipPassword')?.toString()).not.toContain('pw-123456');
    f.encryption = false;
    expect(desktop.rememberSecret('sipPassword', 'pw-123456')).toBe(false);
    expect(f.notices.at(-1)?.code).toBe('secure_storage_unavailable');
    expect(desktop.view().secureStorage).toBe(false);
  });

  it('follows state events from the EventHub and ignores others or malformed ones', () => {
    const { f, desktop } = setup();
    const hub = new EventHub();
    hub.attach(desktop.onBridgeEvent);
    hub.emit('state', signedIn());
    expect(f.trayImage).toBe('available-dark');
    hub.emit('notice', { level: 'info', code: 'x', message: 'y' });
    desktop.onBridgeEvent('state', { nonsense: true });
    expect(f.trayImage).toBe('available-dark');
  });

  it('dispose releases the hotkeys and closes a ringing notification', () => {
    const { f, desktop, set } = setup();
    set(withCall({ phase: 'ringing' }));
    desktop.dispose();
    expect(f.registered.size).toBe(0);
    expect(f.windowLog).toContain('notification closed c1');
  });
});
