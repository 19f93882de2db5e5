// What closing the window and quitting do (hide to tray, ask first during a call, or go), how the window is
// brought forward without stealing focus where the OS refuses, and which saved bounds are safe to restore.
import { z } from 'zod';
import type { AppState } from '../../../shared/contract.js';
import type { Locale } from '../../../shared/desktop-contract.js';
import { callInProgress, isRegistered } from './app-state.js';
import { stringsFor } from './desktop-strings.js';

export interface WindowPort {
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isFocused(): boolean;
  /** Flash the taskbar button / bounce the dock icon (true) or stop (false). */
  requestAttention(on: boolean): void;
}

/** Shows, restores and focuses the window; where the OS refuses to raise it (Windows focus rules), flashes it. */
export function bringForward(win: WindowPort): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  if (!win.isFocused()) win.requestAttention(true);
}

export type CloseDecision = 'hide' | 'ask' | 'close';

/**
 * Closing the window: hide to the tray when the setting is on and the app is registered (or a call runs),
 * otherwise ask when a call would be lost, otherwise close. Quitting: ask when a call would be lost.
 */
export function decideClose(input: { state: AppState; closeToTray: boolean; quitting: boolean }): CloseDecision {
  const { state, closeToTray, quitting } = input;
  const busy = callInProgress(state);
  if (quitting) return busy ? 'ask' : 'close';
  if (closeToTray && (isRegistered(state) || busy)) return 'hide';
  return busy ? 'ask' : 'close';
}

export interface QuitDialogPort {
  /** Resolves true when the agent confirms quitting. */
  confirm(texts: { message: string; confirm: string; cancel: string }): Promise<boolean>;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WindowLifecycleDeps {
  window: WindowPort;
  dialog: QuitDialogPort;
  quit: () => void;
  getState: () => AppState;
  closeToTray: () => boolean;
  locale: () => Locale;
}

/**
 * Wires the close-to-tray policy into the window's `close` and the app's `before-quit` events. The app never
 * goes away silently with a call: both paths ask "A call is in progress. Quit anyway?" first.
 */
export class WindowLifecycle {
  private quitting = false;
  private confirmed = false;
  private asking = false;

  constructor(private readonly deps: WindowLifecycleDeps) {}

  /** The window's `close` event. */
  onWindowClose(event: PreventableEvent): void {
    if (this.quitting || this.confirmed) return;
    const decision = decideClose({ state: this.deps.getState(), closeToTray: this.deps.closeToTray(), quitting: false });
    if (decision === 'close') return;
    event.preventDefault();
    if (decision === 'hide') this.deps.window.hide();
    else this.askThenQuit();
  }

  /**
   * The app's `before-quit` event (tray Quit, Cmd+Q, window-all-closed → quit). Returns true when quitting
   * goes ahead now; false when it was held back to ask the agent (a confirmed answer quits again).
   */
  onBeforeQuit(event: PreventableEvent): boolean {
    if (this.confirmed) return true;
    const decision = decideClose({ state: this.deps.getState(), closeToTray: this.deps.closeToTray(), quitting: true });
    if (decision === 'close') {
      this.quitting = true;
      return true;
    }
    event.preventDefault();
    this.askThenQuit();
    return false;
  }

  /** True once quitting is under way (the window's close must then not hide). */
  get isQuitting(): boolean {
    return this.quitting || this.confirmed;
  }

  private askThenQuit(): void {
    if (this.asking) return;
    this.asking = true;
    const t = stringsFor(this.deps.locale());
    bringForward(this.deps.window);
    this.deps.dialog
      .confirm({ message: t.quitDuringCall, confirm: t.quitAnyway, cancel: t.cancel })
      .catch(() => false)
      .then((yes) => {
        this.asking = false;
        if (!yes) return;
        this.confirmed = true;
        this.deps.quit();
      });
  }
}

// ------------------------------------------------------------------------------------------- window bounds

export const WindowBoundsSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(320).max(20_000),
  height: z.number().int().min(240).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof WindowBoundsSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RestoredBounds {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

/** How much of the title bar must lie on a display for the window to count as reachable. */
const TITLE_BAR = { height: 32, minVisibleWidth: 120 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Saved bounds → bounds to open the window with. Invalid data, or a window whose title bar would not be on
 * any current display (monitor unplugged, resolution changed), falls back to the default size, centred.
 * A window larger than its display is shrunk to fit.
 */
export function restoreBounds(saved: unknown, workAreas: readonly Rect[], defaults: { width: number; height: number }): RestoredBounds {
  const fallback: RestoredBounds = { bounds: { ...defaults }, maximized: false };
  const parsed = WindowBoundsSchema.safeParse(saved);
  if (!parsed.success) return fallback;
  const b = parsed.data;
  const titleBar: Rect = { x: b.x, y: b.y, width: b.width, height: TITLE_BAR.height };
  const home = workAreas.find((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(TITLE_BAR.minVisibleWidth, b.width) && o.height >= TITLE_BAR.height;
  });
  if (!home) return { bounds: { ...defaults }, maximized: b.maximized };
  const width = Math.min(b.width, home.width);
  const height = Math.min(b.height, home.height);
  return { bounds: { x: b.x, y: b.y, width, height }, maximized: b.maximized };
}
