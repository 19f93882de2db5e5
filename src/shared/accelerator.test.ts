import { describe, expect, it } from 'vitest';
import { AcceleratorSchema, commonConflict, parseAccelerator, physicalKey, type ParsedAccelerator } from './accelerator.js';

const parsed = (s: string): ParsedAccelerator => {
  const r = parseAccelerator(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('parseAccelerator', () => {
  it.each([
    ['CommandOrControl+Alt+Shift+A', 'CommandOrControl+Alt+Shift+A'],
    ['shift+alt+cmdorctrl+a', 'CommandOrControl+Alt+Shift+A'],
    ['Ctrl+Option+h', 'Control+Alt+H'],
    ['Cmd+Shift+F5', 'Command+Shift+F5'],
    ['Meta+Alt+1', 'Alt+Super+1'],
    ['Control+Alt+Plus', 'Control+Alt+Plus'],
    ['Control+Alt+enter', 'Control+Alt+Return'],
    ['Control+Alt+esc', 'Control+Alt+Escape'],
    ['Control+Alt+/', 'Control+Alt+/'],
    ['Alt+Shift+pageup', 'Alt+Shift+PageUp'],
    ['Control+Alt+num5', 'Control+Alt+num5'],
    ['F13', 'F13'],
    ['Shift+F24', 'Shift+F24'],
    ['MediaPlayPause', 'MediaPlayPause'],
    ['AltGr+Control+X', 'Control+AltGr+X'],
  ])('%s → %s', (input, canonical) => {
    expect(parsed(input).canonical).toBe(canonical);
    expect(AcceleratorSchema.parse(input)).toBe(canonical);
  });

  it.each([
    ['', 'Enter a key combination.'],
    ['A', 'without them would swallow ordinary typing'],
    ['Shift+A', 'without them would swallow ordinary typing'],
    ['F5', 'without them would swallow ordinary typing'],
    ['Ctrl+Alt', 'needs a key after the modifiers'],
    ['Ctrl+Alt+', 'Use "Plus"'],
    ['Ctrl++', 'Use "Plus"'],
    ['+A', 'Use "Plus"'],
    ['Ctrl + A', 'without spaces'],
    ['Ctrl+Ctrl+A', 'Control appears twice'],
    ['Ctrl+Control+A', 'Control appears twice'],
    ['CmdOrCtrl+Ctrl+A', 'already includes'],
    ['Hyper+A', '"Hyper" is not a modifier'],
    ['Ctrl+Alt+AB', '"AB" is not a key name'],
    ['Ctrl+Alt+F25', '"F25" is not a key name'],
    ['Ctrl+Alt+é', '"é" is not a key name'],
    ['Ctrl+Alt+\u0000', 'is not a key name'],
    ['Ctrl+Alt+A\nB', 'without spaces'],
    ['Ctrl+'.repeat(30) + 'A', 'too long'],
    ['Ctrl+A+Alt', '"A" is not a modifier'],
  ])('rejects %j', (input, message) => {
    const r = parseAccelerator(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
    expect(AcceleratorSchema.safeParse(input).success).toBe(false);
  });

  it('never throws on non-string input', () => {
    expect(parseAccelerator(undefined as unknown as string).ok).toBe(false);
    expect(AcceleratorSchema.safeParse(42).success).toBe(false);
  });
});

describe('physicalKey', () => {
  it('resolves CommandOrControl per platform', () => {
    expect(physicalKey(parsed('CmdOrCtrl+Alt+A'), 'darwin')).toBe('Command+Alt+A');
    expect(physicalKey(parsed('CmdOrCtrl+Alt+A'), 'win32')).toBe('Control+Alt+A');
    expect(physicalKey(parsed('CmdOrCtrl+Alt+A'), 'linux')).toBe(physicalKey(parsed('Ctrl+Alt+A'), 'linux'));
  });
});

describe('commonConflict', () => {
  it.each([
    ['CmdOrCtrl+C', 'linux', 'editing shortcut'],
    ['CmdOrCtrl+V', 'darwin', 'editing shortcut'],
    ['Ctrl+Shift+T', 'win32', 'editing shortcut'],
    ['Alt+F', 'win32', 'opens menus'],
    ['Alt+F4', 'win32', 'operating system'],
    ['Alt+Tab', 'linux', 'operating system'],
    ['CmdOrCtrl+Space', 'darwin', 'operating system'],
    ['Ctrl+Alt+Delete', 'win32', 'operating system'],
    ['Ctrl+Alt+T', 'linux', 'operating system'],
    ['Super+L', 'linux', 'operating system'],
    ['Ctrl+Space', 'linux', 'operating system'], // input-method switch, common for Japanese users
  ] as const)('%s on %s is refused', (accel, platform, why) => {
    expect(commonConflict(parsed(accel), platform)).toContain(why);
  });

  it.each([
    ['CommandOrControl+Alt+Shift+A', 'linux'],
    ['CommandOrControl+Alt+Shift+A', 'darwin'],
    ['Ctrl+Alt+F9', 'win32'],
    ['Ctrl+Alt+Shift+F1', 'linux'],
    ['F13', 'win32'],
  ] as const)('%s on %s is fine', (accel, platform) => {
    expect(commonConflict(parsed(accel), platform)).toBeNull();
  });
});
