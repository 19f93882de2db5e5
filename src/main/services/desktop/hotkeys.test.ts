import { describe, expect, it } from 'vitest';
import { initialAppState, type AppState } from '../../../shared/contract.js';
import { commonConflict, parseAccelerator } from '../../../shared/accelerator.js';
import { HOTKEY_ACTIONS, type HotkeyAction } from '../../../shared/desktop-contract.js';
import { commandFor, DEFAULT_HOTKEYS, HotkeyManager, type ShortcutPort } from './hotkeys.js';
import { inWrapUp, signedIn, withCall } from './state-fixtures.js';

describe('DEFAULT_HOTKEYS', () => {
  it.each(['darwin', 'win32', 'linux'] as const)('are valid, distinct and avoid common conflicts on %s', (platform) => {
    const values = Object.values(DEFAULT_HOTKEYS);
    expect(new Set(values).size).toBe(HOTKEY_ACTIONS.length);
    for (const accel of values) {
      const parsed = parseAccelerator(accel!);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        expect(parsed.value.canonical).toBe(accel);
        expect(commonConflict(parsed.value, platform)).toBeNull();
      }
    }
  });
});

describe('commandFor', () => {
  const ringing = withCall({ phase: 'ringing' });
  const outboundRinging = withCall({ direction: 'outbound', phase: 'ringing' });
  const dialing = withCall({ direction: 'outbound', phase: 'dialing' });
  const active = withCall({ phase: 'active' });
  const held = withCall({ phase: 'active', held: true });
  const muted = withCall({ phase: 'active', muted: true });
  const ended = signedIn({ call: withCall({ phase: 'ended' }).call });
  const cases: Array<[string, HotkeyAction, AppState, unknown]> = [
    ['answer while ringing', 'answer', ringing, { method: 'answer', args: { callId: 'c1' } }],
    ['answer an outbound ringing call', 'answer', outboundRinging, null],
    ['answer while active', 'answer', active, null],
    ['answer while idle', 'answer', signedIn(), null],
    ['answer while signed out', 'answer', initialAppState(), null],
    ['answer in wrap-up', 'answer', inWrapUp(), null],
    ['hold while active', 'holdResume', active, { method: 'hold', args: { callId: 'c1', on: true } }],
    ['resume while held', 'holdResume', held, { method: 'hold', args: { callId: 'c1', on: false } }],
    ['hold while ringing', 'holdResume', ringing, null],
    ['hold while dialing', 'holdResume', dialing, null],
    ['hold when ended', 'holdResume', ended, null],
    ['mute while active', 'mute', active, { method: 'mute', args: { callId: 'c1', on: true } }],
    ['unmute while muted', 'mute', muted, { method: 'mute', args: { callId: 'c1', on: false } }],
    ['mute while ringing', 'mute', ringing, null],
    ['mute while idle', 'mute', signedIn(), null],
    ['hang up while ringing rejects', 'hangup', ringing, { method: 'reject', args: { callId: 'c1' } }],
    ['hang up outbound ringing', 'hangup', outboundRinging, { method: 'hangup', args: { callId: 'c1' } }],
    ['hang up while dialing', 'hangup', dialing, { method: 'hangup', args: { callId: 'c1' } }],
    ['hang up while active', 'hangup', active, { method: 'hangup', args: { callId: 'c1' } }],
    ['hang up while held', 'hangup', held, { method: 'hangup', args: { callId: 'c1' } }],
    ['hang up when ended', 'hangup', ended, null],
    ['hang up while idle', 'hangup', signedIn(), null],
  ];
  it.each(cases)('%s', (_name, action, state, expected) => {
    expect(commandFor(action, state)).toEqual(expected);
  });
});

/** An OS shortcut table: some combinations belong to "other applications". */
class FakeShortcuts implements ShortcutPort {
  registered = new Map<string, () => void>();
  takenByOthers = new Set<string>();
  throwing = new Set<string>();
  log: string[] = [];
  register(accelerator: string, callback: () => void): boolean {
    this.log.push(`+${accelerator}`);
    if (this.throwing.has(accelerator)) throw new Error('bad accelerator');
    if (this.takenByOthers.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.log.push(`-${accelerator}`);
    this.registered.delete(accelerator);
  }
  press(accelerator: string) {
    this.registered.get(accelerator)?.();
  }
}

describe('HotkeyManager', () => {
  const setup = (platform: 'linux' | 'darwin' = 'linux') => {
    const port = new FakeShortcuts();
    const triggered: HotkeyAction[] = [];
    const manager = new HotkeyManager(port, platform, (a) => triggered.push(a));
    return { port, triggered, manager };
  };

  it('registers the defaults and routes presses to their actions', () => {
    const { port, manager, triggered } = setup();
    expect(manager.apply(DEFAULT_HOTKEYS)).toEqual([]);
    expect(manager.bindings()).toEqual(DEFAULT_HOTKEYS);
    port.press('CommandOrControl+Alt+Shift+A');
    port.press('CommandOrControl+Alt+Shift+H');
    port.press('CommandOrControl+Alt+Shift+E');
    port.press('CommandOrControl+Alt+Shift+M');
    expect(triggered).toEqual(['answer', 'holdResume', 'hangup', 'mute']);
    expect(manager.status().every((s) => s.failure === null)).toBe(true);
  });

  it('keeps the previous binding and reports "taken" when another app holds the new one', () => {
    const { port, manager, triggered } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    port.takenByOthers.add('Control+Alt+F9');
    const failures = manager.apply({ answer: 'Ctrl+Alt+F9' });
    expect(failures).toEqual([{ action: 'answer', accelerator: 'Control+Alt+F9', reason: 'taken', message: 'Control+Alt+F9 is used by another application.' }]);
    expect(manager.bindings().answer).toBe('CommandOrControl+Alt+Shift+A');
    port.press('CommandOrControl+Alt+Shift+A');
    expect(triggered).toEqual(['answer']);
    expect(manager.status()[0]).toEqual({
      action: 'answer',
      accelerator: 'CommandOrControl+Alt+Shift+A',
      failure: { requested: 'Control+Alt+F9', problem: 'taken', message: 'Control+Alt+F9 is used by another application.' },
    });
  });

  it('treats a throwing OS call like a refusal', () => {
    const { port, manager } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    port.throwing.add('Control+Alt+F9');
    expect(manager.apply({ mute: 'Control+Alt+F9' })[0]?.reason).toBe('taken');
    expect(manager.bindings().mute).toBe('CommandOrControl+Alt+Shift+M');
  });

  it('changes a binding: the old combination is released, the new one works', () => {
    const { port, manager, triggered } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    expect(manager.apply({ holdResume: 'ctrl+alt+f10' })).toEqual([]);
    expect(port.registered.has('CommandOrControl+Alt+Shift+H')).toBe(false);
    port.press('Control+Alt+F10');
    expect(triggered).toEqual(['holdResume']);
  });

  it('refuses invalid, reserved and duplicate bindings without touching the OS', () => {
    const { port, manager } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    port.log = [];
    const failures = manager.apply({ answer: 'Ctrl+Alt+', holdResume: 'CmdOrCtrl+C', mute: 'Control+Alt+Shift+E' });
    expect(failures.map((f) => [f.action, f.reason])).toEqual([
      ['answer', 'invalid'],
      ['holdResume', 'reserved'],
      ['mute', 'duplicate'],
    ]);
    expect(failures[2]?.message).toBe('Control+Alt+Shift+E is already the hotkey for hang up.');
    expect(port.log).toEqual([]);
    expect(manager.bindings()).toEqual(DEFAULT_HOTKEYS);
  });

  it('detects duplicates across CommandOrControl and Control on Windows/Linux but not on macOS', () => {
    const linux = setup('linux');
    linux.manager.apply(DEFAULT_HOTKEYS);
    expect(linux.manager.apply({ mute: 'Control+Alt+Shift+A' })[0]?.reason).toBe('duplicate');
    const mac = setup('darwin');
    mac.manager.apply(DEFAULT_HOTKEYS);
    expect(mac.manager.apply({ mute: 'Control+Alt+Shift+A' })).toEqual([]);
  });

  it('when two changes ask for the same combination, the later action is refused', () => {
    const { manager } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    const failures = manager.apply({ answer: 'Ctrl+Alt+F1', hangup: 'Ctrl+Alt+F1' });
    expect(failures.map((f) => [f.action, f.reason])).toEqual([['hangup', 'duplicate']]);
    expect(manager.bindings().answer).toBe('Control+Alt+F1');
    expect(manager.bindings().hangup).toBe('CommandOrControl+Alt+Shift+E');
  });

  it('refusing one change brings its old binding back into the duplicate check', () => {
    const { manager } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    // answer's new value is invalid so it keeps ...+A; mute may therefore not take ...+A.
    const failures = manager.apply({ answer: 'nonsense', mute: 'CommandOrControl+Alt+Shift+A' });
    expect(failures.map((f) => [f.action, f.reason])).toEqual([['answer', 'invalid'], ['mute', 'duplicate']]);
    expect(manager.bindings()).toEqual(DEFAULT_HOTKEYS);
  });

  it('swaps two bindings', () => {
    const { port, manager, triggered } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    expect(manager.apply({ answer: DEFAULT_HOTKEYS.holdResume, holdResume: DEFAULT_HOTKEYS.answer })).toEqual([]);
    port.press('CommandOrControl+Alt+Shift+A');
    port.press('CommandOrControl+Alt+Shift+H');
    expect(triggered).toEqual(['holdResume', 'answer']);
  });

  it('null removes a hotkey; re-applying the same binding is a no-op that clears an old failure', () => {
    const { port, manager } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    port.takenByOthers.add('Control+Alt+F9');
    manager.apply({ answer: 'Control+Alt+F9' });
    port.log = [];
    expect(manager.apply({ answer: 'CommandOrControl+Alt+Shift+A' })).toEqual([]);
    expect(port.log).toEqual([]);
    expect(manager.status()[0]?.failure).toBeNull();
    manager.apply({ mute: null });
    expect(port.registered.has('CommandOrControl+Alt+Shift+M')).toBe(false);
    expect(manager.bindings().mute).toBeNull();
  });

  it('a refused first binding leaves the action without a hotkey', () => {
    const { port, manager } = setup();
    port.takenByOthers.add('CommandOrControl+Alt+Shift+A');
    const failures = manager.apply(DEFAULT_HOTKEYS);
    expect(failures.map((f) => f.action)).toEqual(['answer']);
    expect(manager.bindings().answer).toBeNull();
    expect(manager.bindings().mute).toBe('CommandOrControl+Alt+Shift+M');
  });

  it('clear() unregisters everything and the bindings can come back', () => {
    const { port, manager } = setup();
    manager.apply(DEFAULT_HOTKEYS);
    manager.clear();
    expect(port.registered.size).toBe(0);
    expect(Object.values(manager.bindings()).every((v) => v === null)).toBe(true);
    manager.apply(DEFAULT_HOTKEYS);
    expect(port.registered.size).toBe(4);
  });
});
