// Tray adapter: Electron Tray + nativeImage + nativeTheme behind the TrayPort. Icons come from assets/tray
// (<state>-<light|dark>.png with @2x variants that nativeImage picks up by itself).
import { Menu, nativeImage, nativeTheme, Tray } from 'electron';
import path from 'node:path';
import { menuTemplate, type PanelTheme, type TrayIconName, type TrayPort } from '../../services/desktop/tray-model.js';

const iconPath = (iconDir: string, icon: TrayIconName, theme: PanelTheme) => path.join(iconDir, `${icon}-${theme}.png`);

export const panelTheme = (): PanelTheme => (nativeTheme.shouldUseDarkColors ? 'dark' : 'light');

export function onPanelThemeChange(listener: (theme: PanelTheme) => void): void {
  nativeTheme.on('updated', () => listener(panelTheme()));
}

export function createTray(iconDir: string, onActivate: () => void): { tray: Tray; port: TrayPort } {
  const tray = new Tray(nativeImage.createFromPath(iconPath(iconDir, 'offline', panelTheme())));
  // Left click (Windows, some Linux panels) shows the window; the context menu has the rest.
  tray.on('click', onActivate);
  const port: TrayPort = {
    setImage: (icon, theme) => tray.setImage(nativeImage.createFromPath(iconPath(iconDir, icon, theme))),
    setToolTip: (text) => tray.setToolTip(text),
    setMenu: (menu, onClick) => tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(menu, onClick))),
  };
  return { tray, port };
}
