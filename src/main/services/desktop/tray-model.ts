// Tray icon, tooltip and menu as a pure function of AppState, and a presenter that touches the OS tray only
// when something visible changed (tray updates are slow on some panels and flicker).
import { SELECTABLE_STATUSES, type AppState } from '../../../shared/contract.js';
import type { Locale } from '../../../shared/desktop-contract.js';
import { callerLabel, displaySafe } from './app-state.js';
import { stringsFor } from './desktop-strings.js';

export const TRAY_ICONS = ['offline', 'available', 'ringing', 'in-call', 'on-hold', 'wrap-up'] as const;
export type TrayIconName = (typeof TRAY_ICONS)[number];
/** Panel colour: 'light' panels get the dark glyph (assets/tray/<icon>-light.png) and vice versa. */
export type PanelTheme = 'light' | 'dark';

export type SelectableStatus = (typeof SELECTABLE_STATUSES)[number];
export type TrayMenuId = `status:${SelectableStatus}` | 'show' | 'quit';

export type MenuItemModel =
  | { type: 'separator' }
  | { type: 'radio' | 'normal'; id: TrayMenuId; label: string; checked: boolean; enabled: boolean };
export type MenuModel = MenuItemModel[];

export interface TrayModel {
  icon: TrayIconName;
  tooltip: string;
  menu: MenuModel;
}

/** Windows cuts tray tooltips at 127 characters. */
export const MAX_TOOLTIP = 127;

/**
 * The icon names the agent's situation. Busy and Away use the grey "offline" icon because it means
 * "not receiving calls"; the tooltip names the exact status.
 */
export function trayIcon(state: AppState): TrayIconName {
  const call = state.call;
  if (call?.phase === 'ringing') return 'ringing';
  if (call?.phase === 'active') return call.held ? 'on-hold' : 'in-call';
  if (call?.phase === 'dialing') return 'in-call';
  if (state.wrapUp) return 'wrap-up';
  if (state.session && state.registration.state === 'registered' && state.agentStatus === 'Available') return 'available';
  return 'offline';
}

function trayDetail(state: AppState, locale: Locale): string {
  const t = stringsFor(locale);
  const call = state.call;
  const who = call ? displaySafe(callerLabel(call), 80) : '';
  if (call?.phase === 'ringing') return t.ringing(who);
  if (call?.phase === 'dialing') return t.dialing(who);
  if (call?.phase === 'active') return call.held ? t.onHold(who) : t.inCall(who);
  if (state.wrapUp) return t.wrapUp;
  if (!state.session) return t.signedOut;
  if (state.registration.state === 'connecting') return t.connecting;
  if (state.registration.state !== 'registered') return t.notConnected;
  return t.status[state.agentStatus];
}

export function trayMenu(state: AppState, locale: Locale): MenuModel {
  const t = stringsFor(locale);
  const signedIn = state.session !== null;
  return [
    ...SELECTABLE_STATUSES.map((status): MenuItemModel => ({
      type: 'radio',
      id: `status:${status}`,
      label: t.status[status],
      checked: signedIn && state.agentStatus === status,
      enabled: signedIn,
    })),
    { type: 'separator' },
    { type: 'normal', id: 'show', label: t.showWindow, checked: false, enabled: true },
    { type: 'normal', id: 'quit', label: t.quit, checked: false, enabled: true },
  ];
}

export function trayModel(state: AppState, locale: Locale): TrayModel {
  const tooltip = `${stringsFor(locale).appName} — ${trayDetail(state, locale)}`;
  return {
    icon: trayIcon(state),
    tooltip: tooltip.length > MAX_TOOLTIP ? `${tooltip.slice(0, MAX_TOOLTIP - 1)}…` : tooltip,
    menu: trayMenu(state, locale),
  };
}

export type TrayIntent = { type: 'setStatus'; status: SelectableStatus } | { type: 'show' } | { type: 'quit' };

/** Maps a clicked menu id back to what the agent asked for; unknown ids are ignored. */
export function trayIntent(id: string): TrayIntent | null {
  if (id === 'show' || id === 'quit') return { type: id };
  const status = SELECTABLE_STATUSES.find((s) => id === `status:${s}`);
  return status ? { type: 'setStatus', status } : null;
}

/** Menu model → the template shape Electron's Menu.buildFromTemplate takes (plain data plus click callbacks). */
export type MenuTemplateItem =
  | { type: 'separator' }
  | { type: 'radio' | 'normal'; id: string; label: string; checked: boolean; enabled: boolean; click: () => void };

export function menuTemplate(menu: MenuModel, onClick: (id: string) => void): MenuTemplateItem[] {
  return menu.map((item): MenuTemplateItem =>
    item.type === 'separator'
      ? { type: 'separator' }
      : { type: item.type, id: item.id, label: item.label, checked: item.checked, enabled: item.enabled, click: () => onClick(item.id) },
  );
}

export interface TrayPort {
  setImage(icon: TrayIconName, theme: PanelTheme): void;
  setToolTip(text: string): void;
  /** Replaces the context menu; `onClick` receives the clicked item's id. */
  setMenu(menu: MenuModel, onClick: (id: string) => void): void;
}

export interface TrayPresenterOptions {
  locale: Locale;
  theme: PanelTheme;
  onIntent: (intent: TrayIntent) => void;
}

export class TrayPresenter {
  private locale: Locale;
  private theme: PanelTheme;
  private state: AppState | null = null;
  private shown: { image: string | null; tooltip: string | null; menu: string | null } = { image: null, tooltip: null, menu: null };

  constructor(private readonly port: TrayPort, private readonly options: TrayPresenterOptions) {
    this.locale = options.locale;
    this.theme = options.theme;
  }

  update(state: AppState): void {
    this.state = state;
    this.render();
  }

  setLocale(locale: Locale): void {
    this.locale = locale;
    this.render();
  }

  setTheme(theme: PanelTheme): void {
    this.theme = theme;
    this.render();
  }

  private readonly onClick = (id: string): void => {
    const intent = trayIntent(id);
    if (intent) this.options.onIntent(intent);
    // A radio item checks itself when clicked; put the menu back to the real state until the
    // status change (if any) arrives as a new AppState.
    this.shown.menu = null;
    this.render();
  };

  private render(): void {
    if (!this.state) return;
    const model = trayModel(this.state, this.locale);
    const image = `${model.icon}-${this.theme}`;
    if (image !== this.shown.image) {
      this.port.setImage(model.icon, this.theme);
      this.shown.image = image;
    }
    if (model.tooltip !== this.shown.tooltip) {
      this.port.setToolTip(model.tooltip);
      this.shown.tooltip = model.tooltip;
    }
    const menu = JSON.stringify(model.menu);
    if (menu !== this.shown.menu) {
      this.port.setMenu(model.menu, this.onClick);
      this.shown.menu = menu;
    }
  }
}
