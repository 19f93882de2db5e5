// Global shortcuts adapter: Electron globalShortcut behind the ShortcutPort (register returns false when
// another application holds the combination).
import { globalShortcut } from 'electron';
import type { ShortcutPort } from '../../services/desktop/hotkeys.js';

export const electronShortcuts: ShortcutPort = {
  register: (accelerator, callback) => globalShortcut.register(accelerator, callback),
  unregister: (accelerator) => globalShortcut.unregister(accelerator),
};
