// Launch-at-login adapter: OS login items on macOS/Windows, an XDG autostart entry on Linux (LaunchAtLogin).
import { app } from 'electron';
import { LaunchAtLogin, xdgAutostartDir } from '../../services/desktop/launch-at-login.js';

export const electronLaunchAtLogin = (): LaunchAtLogin =>
  new LaunchAtLogin({
    platform: process.platform,
    loginItems: { set: (openAtLogin, args) => app.setLoginItemSettings({ openAtLogin, args }) },
    autostartDir: xdgAutostartDir(process.env, app.getPath('home')),
    // An AppImage runs from a temporary mount; the OS must start the AppImage file itself.
    execPath: process.env.APPIMAGE ?? process.execPath,
    appName: app.getName(),
  });
