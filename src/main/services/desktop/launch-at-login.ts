// Optional launch at login. macOS and Windows have an OS login-item API (Electron's setLoginItemSettings);
// on Linux Electron does nothing, so we write an XDG autostart entry ourselves.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Passed when the OS starts the app at login: it then starts in the tray without showing the window. */
export const LAUNCHED_AT_LOGIN_FLAG = '--launched-at-login';
export const startedAtLogin = (argv: readonly string[]): boolean => argv.includes(LAUNCHED_AT_LOGIN_FLAG);

export interface LoginItemPort {
  set(openAtLogin: boolean, args: string[]): void;
}

export const AUTOSTART_FILE = 'agent-softphone.desktop';

export function xdgAutostartDir(env: Record<string, string | undefined>, home: string): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart');
}

/** One Exec argument, quoted per the Desktop Entry spec (then escaped again as a string value). */
function execArg(arg: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(arg)) throw new Error('The program path contains control characters.');
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function desktopEntry(execPath: string, name: string): string {
  const safeName = name.replace(/[\r\n]/g, ' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${safeName}`,
    `Exec=${execArg(execPath)} ${LAUNCHED_AT_LOGIN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export interface LaunchAtLoginDeps {
  platform: string;
  loginItems: LoginItemPort;
  autostartDir: string;
  execPath: string;
  appName: string;
}

export class LaunchAtLogin {
  constructor(private readonly deps: LaunchAtLoginDeps) {}

  /** Turns launch at login on or off. Throws with a readable message when the OS refuses. */
  apply(on: boolean): void {
    const { platform, loginItems, autostartDir, execPath, appName } = this.deps;
    if (platform !== 'linux') {
      loginItems.set(on, [LAUNCHED_AT_LOGIN_FLAG]);
      return;
    }
    const file = path.join(autostartDir, AUTOSTART_FILE);
    if (!on) {
      rmSync(file, { force: true });
      return;
    }
    mkdirSync(autostartDir, { recursive: true });
    writeFileSync(file, desktopEntry(execPath, appName), { mode: 0o644 });
  }
}
