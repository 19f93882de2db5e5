import { describe, expect, it } from 'vitest';
import { acceleratorFromKeyPress, parseAccelerator, type KeyPress } from './accelerator.js';

const press = (code: string, mods: Partial<KeyPress> = {}, key = code): KeyPress => ({
  code, key, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods,
});
const ctrlAltShift = { ctrlKey: true, altKey: true, shiftKey: true };

describe('acceleratorFromKeyPress', () => {
  it.each([
    // [what, press, mac, accelerator]
    ['Ctrl+Alt+Shift+A off macOS is the default answer hotkey', press('KeyA', ctrlAltShift, 'A'), false, 'CommandOrControl+Alt+Shift+A'],
    ['Cmd+Option+Shift+A on macOS, whatever Option makes of the key', press('KeyA', { metaKey: true, altKey: true, shiftKey: true }, 'Å'), true, 'CommandOrControl+Alt+Shift+A'],
    ['Ctrl on macOS stays Control', press('KeyH', { ctrlKey: true, altKey: true }, 'h'), true, 'Control+Alt+H'],
    ['Windows key off macOS is Super', press('KeyM', { metaKey: true, altKey: true }, 'm'), false, 'Alt+Super+M'],
    ['digits by position (Shift+1 types !)', press('Digit1', { ctrlKey: true, shiftKey: true }, '!'), false, 'CommandOrControl+Shift+1'],
    ['numpad digits', press('Numpad5', { ctrlKey: true, altKey: true }, '5'), false, 'CommandOrControl+Alt+num5'],
    ['function keys', press('F9', { ctrlKey: true, altKey: true }), false, 'CommandOrControl+Alt+F9'],
    ['arrows', press('ArrowUp', { ctrlKey: true, altKey: true }, 'ArrowUp'), false, 'CommandOrControl+Alt+Up'],
    ['Enter is Return', press('Enter', { ctrlKey: true, altKey: true }, 'Enter'), false, 'CommandOrControl+Alt+Return'],
    ['punctuation by position', press('Slash', { ctrlKey: true, altKey: true }, '/'), false, 'CommandOrControl+Alt+/'],
    ['media keys need no modifier', press('MediaPlayPause', {}, 'MediaPlayPause'), false, 'MediaPlayPause'],
  ])('%s', (_what, p, mac, accelerator) => {
    expect(acceleratorFromKeyPress(p, mac)).toEqual({ kind: 'combination', accelerator });
    // Everything it produces for a nameable key is accepted by the same grammar main validates with.
    expect(parseAccelerator(accelerator).ok).toBe(true);
  });

  it.each(['ControlLeft', 'AltRight', 'ShiftLeft', 'MetaLeft', 'OSLeft'])('waits while only %s is down', (code) => {
    expect(acceleratorFromKeyPress(press(code, { ctrlKey: true }, 'Control'), false)).toEqual({ kind: 'modifiers' });
  });

  it('passes an unnamed key through so main refuses it as invalid', () => {
    const result = acceleratorFromKeyPress(press('IntlRo', { ctrlKey: true, altKey: true }, 'ろ'), false);
    expect(result).toEqual({ kind: 'combination', accelerator: 'CommandOrControl+Alt+ろ' });
    if (result.kind === 'combination') expect(parseAccelerator(result.accelerator).ok).toBe(false);
  });

  it('a plain letter is produced as is (main refuses it: it would swallow typing)', () => {
    const result = acceleratorFromKeyPress(press('KeyQ', {}, 'q'), false);
    expect(result).toEqual({ kind: 'combination', accelerator: 'Q' });
    if (result.kind === 'combination') expect(parseAccelerator(result.accelerator).ok).toBe(false);
  });
});
