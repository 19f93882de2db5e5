// Global hotkeys: defaults, validation, which command a hotkey runs in the current state, and a manager that
// registers bindings with the OS and keeps the previous binding when a new one is refused.
import type { AppState } from '../../../shared/contract.js';
import { commonConflict, parseAccelerator, physicalKey, type Platform } from '../../../shared/accelerator.js';
import { HOTKEY_ACTIONS, type HotkeyAction, type HotkeyBindings, type HotkeyProblem, type HotkeyStatus } from '../../../shared/desktop-contract.js';
import type { DesktopCommand } from './commands.js';
import { stringsFor } from './desktop-strings.js';

/**
 * Three modifiers plus a mnemonic letter: no OS or mainstream application uses Ctrl+Alt+Shift+letter
 * (Cmd+Option+Shift+letter on macOS), so these rarely collide, and they are easy to remember.
 */
export const DEFAULT_HOTKEYS: HotkeyBindings = {
  answer: 'CommandOrControl+Alt+Shift+A',
  holdResume: 'CommandOrControl+Alt+Shift+H',
  hangup: 'CommandOrControl+Alt+Shift+E',
  mute: 'CommandOrControl+Alt+Shift+M',
};

/**
 * What a hotkey does right now, or null when it makes no sense in this state (answer only while ringing,
 * hold/resume and mute only in a connected call, hang up rejects a ringing call and ends a dialled or
 * connected one).
 */
export function commandFor(action: HotkeyAction, state: AppState): DesktopCommand | null {
  const call = state.call;
  if (!call) return null;
  const callId = call.callId;
  switch (action) {
    case 'answer':
      return call.phase === 'ringing' && call.direction === 'inbound' ? { method: 'answer', args: { callId } } : null;
    case 'holdResume':
      return call.phase === 'active' ? { method: 'hold', args: { callId, on: !call.held } } : null;
    case 'mute':
      return call.phase === 'active' ? { method: 'mute', args: { callId, on: !call.muted } } : null;
    case 'hangup':
      if (call.phase === 'ringing') return call.direction === 'inbound' ? { method: 'reject', args: { callId } } : { method: 'hangup', args: { callId } };
      return call.phase === 'dialing' || call.phase === 'active' ? { method: 'hangup', args: { callId } } : null;
  }
}

export interface ShortcutPort {
  /** False when the OS refused (typically: another application holds the combination). */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface HotkeyFailure {
  action: HotkeyAction;
  accelerator: string;
  reason: HotkeyProblem;
  message: string;
}

export type HotkeyRequest = Partial<Record<HotkeyAction, string | null>>;

type Check = { ok: true; canonical: string; physical: string } | { ok: false; reason: HotkeyProblem; message: string };

function check(accelerator: string, platform: Platform): Check {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) return { ok: false, reason: 'invalid', message: parsed.error };
  const conflict = commonConflict(parsed.value, platform);
  if (conflict) return { ok: false, reason: 'reserved', message: conflict };
  return { ok: true, canonical: parsed.value.canonical, physical: physicalKey(parsed.value, platform) };
}

const physicalOf = (accelerator: string | null, platform: Platform): string | null => {
  if (accelerator === null) return null;
  const parsed = parseAccelerator(accelerator);
  return parsed.ok ? physicalKey(parsed.value, platform) : null;
};

export class HotkeyManager {
  private readonly bound = new Map<HotkeyAction, string>();
  private readonly failures = new Map<HotkeyAction, HotkeyFailure>();

  constructor(
    private readonly port: ShortcutPort,
    private readonly platform: Platform,
    private readonly onTrigger: (action: HotkeyAction) => void,
  ) {}

  /** What is registered with the OS now. */
  bindings(): Record<HotkeyAction, string | null> {
    return Object.fromEntries(HOTKEY_ACTIONS.map((a) => [a, this.bound.get(a) ?? null])) as Record<HotkeyAction, string | null>;
  }

  status(): HotkeyStatus[] {
    return HOTKEY_ACTIONS.map((action) => {
      const failure = this.failures.get(action);
      return {
        action,
        accelerator: this.bound.get(action) ?? null,
        failure: failure ? { requested: failure.accelerator, problem: failure.reason, message: failure.message } : null,
      };
    });
  }

  /**
   * Applies the requested bindings (actions not mentioned keep theirs). Each refused action keeps its previous
   * binding and is returned as a failure; the others take effect. Swapping two bindings works.
   */
  apply(request: HotkeyRequest): HotkeyFailure[] {
    const failures: HotkeyFailure[] = [];
    const fail = (action: HotkeyAction, accelerator: string, reason: HotkeyProblem, message: string) => {
      const failure = { action, accelerator, reason, message };
      failures.push(failure);
      this.failures.set(action, failure);
    };

    // 1. Syntax and well-known conflicts, per action.
    const wanted = new Map<HotkeyAction, { canonical: string; physical: string } | null>();
    for (const action of HOTKEY_ACTIONS) {
      if (!(action in request)) continue;
      const value = request[action];
      if (value === undefined) continue;
      if (value === null) {
        wanted.set(action, null);
        continue;
      }
      const result = check(value, this.platform);
      if (!result.ok) fail(action, value, result.reason, result.message);
      else wanted.set(action, { canonical: result.canonical, physical: result.physical });
    }

    // 2. Duplicates against what every action will hold afterwards. Refusing one change brings that action's
    //    old binding back into play, so repeat until nothing new is refused.
    for (let changed = true; changed; ) {
      changed = false;
      const finalPhysical = (a: HotkeyAction) => (wanted.has(a) ? (wanted.get(a)?.physical ?? null) : physicalOf(this.bound.get(a) ?? null, this.platform));
      // Later actions yield to earlier ones when two changes ask for the same combination.
      for (const [action, target] of [...wanted].reverse()) {
        if (!target) continue;
        const clash = HOTKEY_ACTIONS.find((other) => other !== action && finalPhysical(other) === target.physical);
        if (clash) {
          wanted.delete(action);
          fail(action, target.canonical, 'duplicate', `${target.canonical} is already the hotkey for ${stringsFor('en').hotkeyAction[clash]}.`);
          changed = true;
          break;
        }
      }
    }

    // 3. Free the old combinations first (so two actions can swap), then register the new ones.
    const changes = [...wanted].filter(([action, target]) => (this.bound.get(action) ?? null) !== (target?.canonical ?? null));
    const previous = new Map(changes.map(([action]) => [action, this.bound.get(action) ?? null]));
    for (const [action] of changes) {
      const old = this.bound.get(action);
      if (old) this.safeUnregister(old);
      this.bound.delete(action);
    }
    for (const [action, target] of changes) {
      if (!target) {
        this.failures.delete(action);
        continue;
      }
      if (this.safeRegister(action, target.canonical)) {
        this.bound.set(action, target.canonical);
        this.failures.delete(action);
        continue;
      }
      const old = previous.get(action) ?? null;
      if (old && this.safeRegister(action, old)) this.bound.set(action, old);
      fail(action, target.canonical, 'taken', `${target.canonical} is used by another application.`);
    }
    // Unchanged actions that were asked for again: a stale failure no longer applies.
    for (const [action] of wanted) if (!previous.has(action) && !failures.some((f) => f.action === action)) this.failures.delete(action);
    return failures;
  }

  /** Unregisters everything (sign-out, quit); the bindings can be applied again later. */
  clear(): void {
    for (const accelerator of this.bound.values()) this.safeUnregister(accelerator);
    this.bound.clear();
    this.failures.clear();
  }

  private safeRegister(action: HotkeyAction, accelerator: string): boolean {
    try {
      return this.port.register(accelerator, () => this.onTrigger(action));
    } catch {
      // Electron throws for accelerators it cannot parse on this platform; treat like a refusal.
      return false;
    }
  }

  private safeUnregister(accelerator: string): void {
    try {
      this.port.unregister(accelerator);
    } catch {
      // Nothing to undo if the OS already dropped it.
    }
  }
}
