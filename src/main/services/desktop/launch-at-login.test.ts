import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, desktopEntry, LAUNCHED_AT_LOGIN_FLAG, LaunchAtLogin, startedAtLogin, xdgAutostartDir } from './launch-at-login.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'autostart-'));
  dirs.push(d);
  return path.join(d, 'autostart');
};

describe('LaunchAtLogin', () => {
  it.each(['darwin', 'win32'])('uses the OS login items on %s', (platform) => {
    const calls: Array<[boolean, string[]]> = [];
    const launch = new LaunchAtLogin({ platform, loginItems: { set: (on, args) => calls.push([on, args]) }, autostartDir: temp(), execPath: '/x', appName: 'Softphone' });
    launch.apply(true);
    launch.apply(false);
    expect(calls).toEqual([[true, [LAUNCHED_AT_LOGIN_FLAG]], [false, [LAUNCHED_AT_LOGIN_FLAG]]]);
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const dir = temp();
    const launch = new LaunchAtLogin({ platform: 'linux', loginItems: { set: () => { throw new Error('not on linux'); } }, autostartDir: dir, execPath: '/opt/Agent Softphone/softphone', appName: 'Agent Softphone' });
    launch.apply(true);
    const file = path.join(dir, AUTOSTART_FILE);
    expect(readFileSync(file, 'utf8')).toBe(
      '[Desktop Entry]\nType=Application\nName=Agent Softphone\nExec="/opt/Agent Softphone/softphone" --launched-at-login\nX-GNOME-Autostart-enabled=true\nTerminal=false\n',
    );
    launch.apply(true); // idempotent
    launch.apply(false);
    expect(existsSync(file)).toBe(false);
    launch.apply(false); // nothing to remove is fine
  });
});

describe('desktopEntry', () => {
  it('escapes characters with a meaning in Exec', () => {
    expect(desktopEntry('/o p/a"b$c`d\\e%f', 'n')).toContain('Exec="/o p/a\\\\"b\\\\$c\\\\`d\\\\\\\\e%%f" --launched-at-login');
  });
  it('refuses control characters and keeps the name on one line', () => {
    expect(() => desktopEntry('/bin/x\nExec=/bin/evil', 'n')).toThrow(/control characters/);
    expect(desktopEntry('/x', 'a\nExec=/bin/evil')).toContain('Name=a Exec=/bin/evil\n');
  });
});

describe('helpers', () => {
  it('finds the autostart dir', () => {
    expect(xdgAutostartDir({}, '/home/a')).toBe('/home/a/.config/autostart');
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/a')).toBe('/cfg/autostart');
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/a')).toBe('/home/a/.config/autostart');
  });
  it('recognises a login start', () => {
    expect(startedAtLogin(['/app', LAUNCHED_AT_LOGIN_FLAG])).toBe(true);
    expect(startedAtLogin(['/app'])).toBe(false);
  });
});
