// Electron accelerator grammar ("CommandOrControl+Alt+Shift+A"), shared so the settings UI and the
// main-process hotkey manager validate the same way. Pure: zod only.
import { z } from 'zod';

export const MODIFIERS = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'] as const;
export type Modifier = (typeof MODIFIERS)[number];

const MODIFIER_ALIASES: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const NAMED_KEYS = [
  'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return',
  'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'PrintScreen',
  'VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
] as const;
const KEY_ALIASES: Record<string, string> = { enter: 'Return', esc: 'Escape' };
const PUNCTUATION = new Set([...')!@#$%^&*(:;=<,_->.?/~`{][|\\}"\'']);
const FUNCTION_KEY = /^F([1-9]|1[0-9]|2[0-4])$/i;
/** Keys that do nothing in ordinary typing, so they may be bound without a modifier. */
const STANDALONE_KEY = /^(F(1[3-9]|2[0-4])|Media(NextTrack|PreviousTrack|Stop|PlayPause))$/;

const namedKeyByLower = new Map<string, string>(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));

function canonicalKey(token: string): string | null {
  if (/^[a-z0-9]$/i.test(token)) return token.toUpperCase();
  if (PUNCTUATION.has(token)) return token;
  if (FUNCTION_KEY.test(token)) return token.toUpperCase();
  const lower = token.toLowerCase();
  return KEY_ALIASES[lower] ?? namedKeyByLower.get(lower) ?? null;
}

export interface ParsedAccelerator {
  modifiers: Modifier[];
  key: string;
  /** Canonical spelling: modifiers in a fixed order, canonical key names. */
  canonical: string;
}

export type AcceleratorResult = { ok: true; value: ParsedAccelerator } | { ok: false; error: string };

export const MAX_ACCELERATOR_LENGTH = 100;

/** Parses an accelerator string and explains the first problem found. Never throws. */
export function parseAccelerator(input: string): AcceleratorResult {
  const fail = (error: string): AcceleratorResult => ({ ok: false, error });
  if (typeof input !== 'string' || input.length === 0) return fail('Enter a key combination.');
  if (input.length > MAX_ACCELERATOR_LENGTH) return fail('The key combination is too long.');
  if (/\s/.test(input)) return fail('Write the combination without spaces, e.g. CommandOrControl+Alt+Shift+A.');
  const tokens = input.split('+');
  if (tokens.some((t) => t === '')) return fail('Use "Plus" for the + key, and no empty parts.');
  const keyToken = tokens[tokens.length - 1]!;
  const modifiers: Modifier[] = [];
  for (const token of tokens.slice(0, -1)) {
    const modifier = MODIFIER_ALIASES[token.toLowerCase()];
    if (!modifier) return fail(`"${token}" is not a modifier (use CommandOrControl, Control, Command, Alt, Shift or Super).`);
    if (modifiers.includes(modifier)) return fail(`${modifier} appears twice.`);
    modifiers.push(modifier);
  }
  if (MODIFIER_ALIASES[keyToken.toLowerCase()]) return fail('The combination needs a key after the modifiers.');
  const key = canonicalKey(keyToken);
  if (!key) return fail(`"${keyToken}" is not a key name Electron understands.`);
  if (modifiers.includes('CommandOrControl') && (modifiers.includes('Command') || modifiers.includes('Control'))) {
    return fail('CommandOrControl already includes Command and Control.');
  }
  const meaningful = modifiers.filter((m) => m !== 'Shift');
  if (meaningful.length === 0 && !STANDALONE_KEY.test(key)) {
    return fail('Add Control/Command, Alt or Super: a global hotkey without them would swallow ordinary typing.');
  }
  modifiers.sort((a, b) => MODIFIERS.indexOf(a) - MODIFIERS.indexOf(b));
  return { ok: true, value: { modifiers, key, canonical: [...modifiers, key].join('+') } };
}

/** zod schema that validates and canonicalises an accelerator string. */
export const AcceleratorSchema = z.string().max(MAX_ACCELERATOR_LENGTH).transform((value, ctx) => {
  const parsed = parseAccelerator(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.value.canonical;
});

export type Platform = 'darwin' | 'win32' | 'linux';

/**
 * The physical combination on a platform: CommandOrControl is Command on macOS and Control elsewhere.
 * Two accelerators with the same key here collide.
 */
export function physicalKey(parsed: ParsedAccelerator, platform: Platform): string {
  const resolved = parsed.modifiers.map((m) => (m === 'CommandOrControl' ? (platform === 'darwin' ? 'Command' : 'Control') : m));
  const unique = [...new Set(resolved)].sort((a, b) => MODIFIERS.indexOf(a) - MODIFIERS.indexOf(b));
  return [...unique, parsed.key].join('+');
}

/**
 * Combinations the OS or nearly every application already uses. Registering them globally would succeed and
 * silently break copy/paste, window switching and the like in every other app, so they are refused up front.
 */
const RESERVED_PHYSICAL = new Set([
  'Alt+F4', 'Alt+Tab', 'Alt+Shift+Tab', 'Alt+Space', 'Alt+Escape', 'Control+Escape', 'Control+Shift+Escape',
  'Control+Alt+Delete', 'Control+Alt+T', 'Control+Alt+L', 'Control+Alt+Left', 'Control+Alt+Right',
  'Control+Alt+Up', 'Control+Alt+Down', 'Control+Tab', 'Control+Shift+Tab', 'Control+F4',
  'Command+Tab', 'Command+Shift+Tab', 'Command+Space', 'Command+Alt+Escape', 'Command+Shift+3',
  'Command+Shift+4', 'Command+Shift+5', 'Control+Command+Q', 'Control+Command+Space', 'Control+Space',
  'Super+L', 'Super+D', 'Super+E', 'Super+R', 'Super+Tab', 'Super+Space', 'PrintScreen',
]);

/** Why an accelerator would clash with common shortcuts on that platform, or null when it is fine. */
export function commonConflict(parsed: ParsedAccelerator, platform: Platform): string | null {
  const physical = physicalKey(parsed, platform);
  if (RESERVED_PHYSICAL.has(physical)) return `${physical} is used by the operating system.`;
  const mods = physical.split('+').slice(0, -1);
  const printable = parsed.key.length === 1;
  const onlyPrimary = mods.length === 1 && (mods[0] === 'Control' || mods[0] === 'Command');
  const primaryShift = mods.length === 2 && mods.includes('Shift') && (mods.includes('Control') || mods.includes('Command'));
  if ((onlyPrimary || primaryShift) && printable) return `${physical} is an editing shortcut in most applications.`;
  if (mods.length === 1 && mods[0] === 'Alt' && printable) return `${physical} opens menus in many applications.`;
  return null;
}

// ------------------------------------------------------------ key press → accelerator (settings page)

/** The parts of a DOM KeyboardEvent the settings page passes in (kept DOM-free so main can test it too). */
export interface KeyPress {
  code: string;
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export type KeyPressResult =
  /** Only modifiers so far: keep listening. */
  | { kind: 'modifiers' }
  | { kind: 'combination'; accelerator: string };

const CODE_KEYS: Record<string, string> = {
  Space: 'Space', Enter: 'Return', NumpadEnter: 'Return', Tab: 'Tab', Backspace: 'Backspace', Delete: 'Delete',
  Insert: 'Insert', Home: 'Home', End: 'End', PageUp: 'PageUp', PageDown: 'PageDown', Escape: 'Escape',
  ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', PrintScreen: 'PrintScreen',
  CapsLock: 'Capslock', NumLock: 'Numlock', ScrollLock: 'Scrolllock',
  Minus: '-', Equal: '=', BracketLeft: '[', BracketRight: ']', Backslash: '\\', Semicolon: ';', Quote: "'",
  Comma: ',', Period: '.', Slash: '/', Backquote: '`',
  NumpadAdd: 'numadd', NumpadSubtract: 'numsub', NumpadMultiply: 'nummult', NumpadDivide: 'numdiv', NumpadDecimal: 'numdec',
  MediaPlayPause: 'MediaPlayPause', MediaStop: 'MediaStop', MediaTrackNext: 'MediaNextTrack', MediaTrackPrevious: 'MediaPreviousTrack',
  AudioVolumeUp: 'VolumeUp', AudioVolumeDown: 'VolumeDown', AudioVolumeMute: 'VolumeMute',
};
const MODIFIER_CODES = /^(Control|Alt|Shift|Meta|OS)(Left|Right)?$|^AltGraph$/;

/** The key of a press by its physical position (`code`), so Shift or Option changing `key` does not matter. */
function keyOfPress(press: KeyPress): string | null {
  const letter = /^Key([A-Z])$/.exec(press.code);
  if (letter) return letter[1]!;
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(press.code);
  if (digit) return press.code.startsWith('Numpad') ? `num${digit[1]}` : digit[1]!;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(press.code)) return press.code;
  return CODE_KEYS[press.code] ?? null;
}

/**
 * Turns a key press into an accelerator string. Ctrl is CommandOrControl off macOS and Command is on macOS, so
 * a binding made on one platform means the same hand position on the other. Keys with no accelerator name are
 * passed through as typed, so the main process refuses them with its own "invalid" reason.
 */
export function acceleratorFromKeyPress(press: KeyPress, mac: boolean): KeyPressResult {
  if (MODIFIER_CODES.test(press.code) || ['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'OS'].includes(press.key)) return { kind: 'modifiers' };
  const modifiers: Modifier[] = [];
  if (mac) {
    if (press.metaKey) modifiers.push('CommandOrControl');
    if (press.ctrlKey) modifiers.push('Control');
  } else {
    if (press.ctrlKey) modifiers.push('CommandOrControl');
    if (press.metaKey) modifiers.push('Super');
  }
  if (press.altKey) modifiers.push('Alt');
  if (press.shiftKey) modifiers.push('Shift');
  modifiers.sort((a, b) => MODIFIERS.indexOf(a) - MODIFIERS.indexOf(b));
  const key = keyOfPress(press) ?? (press.key.length > 0 ? press.key : press.code);
  return { kind: 'combination', accelerator: [...modifiers, key].join('+') };
}
