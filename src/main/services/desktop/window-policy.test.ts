import { describe, expect, it } from 'vitest';
import { initialAppState, type AppState } from '../../../shared/contract.js';
import { inWrapUp, signedIn, withCall } from './state-fixtures.js';
import { bringForward, decideClose, restoreBounds, WindowLifecycle, type CloseDecision, type WindowPort } from './window-policy.js';

const ringing = withCall({ phase: 'ringing' });
const active = withCall({ phase: 'active' });
const dialing = withCall({ direction: 'outbound', phase: 'dialing' });
const unregisteredInCall = withCall({ phase: 'active' }, { registration: { state: 'failed', reason: 'network' } });
const signedInNotRegistered = signedIn({ registration: { state: 'connecting', reason: null } });

describe('decideClose', () => {
  const cases: Array<[string, AppState, boolean, boolean, CloseDecision]> = [
    // name, state, closeToTray, quitting, decision
    ['registered, tray on → hide', signedIn(), true, false, 'hide'],
    ['registered, tray off → close', signedIn(), false, false, 'close'],
    ['signed out, tray on → close', initialAppState(), true, false, 'close'],
    ['connecting, tray on → close', signedInNotRegistered, true, false, 'close'],
    ['ringing, tray on → hide', ringing, true, false, 'hide'],
    ['active, tray on → hide', active, true, false, 'hide'],
    ['active, tray off → ask', active, false, false, 'ask'],
    ['ringing, tray off → ask', ringing, false, false, 'ask'],
    ['dialing, tray off → ask', dialing, false, false, 'ask'],
    ['registration lost mid-call, tray on → hide', unregisteredInCall, true, false, 'hide'],
    ['wrap-up, tray off → close', inWrapUp(), false, false, 'close'],
    ['quit while idle → close', signedIn(), true, true, 'close'],
    ['quit while ringing → ask', ringing, true, true, 'ask'],
    ['quit while active → ask', active, false, true, 'ask'],
    ['quit while dialing → ask', dialing, true, true, 'ask'],
    ['quit in wrap-up → close', inWrapUp(), true, true, 'close'],
  ];
  it.each(cases)('%s', (_name, state, closeToTray, quitting, decision) => {
    expect(decideClose({ state, closeToTray, quitting })).toBe(decision);
  });
});

class FakeWindow implements WindowPort {
  log: string[] = [];
  minimized = false;
  focused = false;
  /** Whether the OS lets us take focus (Windows foreground rules may not). */
  osAllowsFocus = true;
  show() {
    this.log.push('show');
  }
  hide() {
    this.log.push('hide');
  }
  focus() {
    this.log.push('focus');
    if (this.osAllowsFocus) this.focused = true;
  }
  restore() {
    this.log.push('restore');
    this.minimized = false;
  }
  isMinimized() {
    return this.minimized;
  }
  isFocused() {
    return this.focused;
  }
  requestAttention(on: boolean) {
    this.log.push(`attention ${on}`);
  }
}

describe('bringForward', () => {
  it('restores, shows and focuses', () => {
    const win = new FakeWindow();
    win.minimized = true;
    bringForward(win);
    expect(win.log).toEqual(['restore', 'show', 'focus']);
  });
  it('flashes instead when the OS refuses focus', () => {
    const win = new FakeWindow();
    win.osAllowsFocus = false;
    bringForward(win);
    expect(win.log).toEqual(['show', 'focus', 'attention true']);
  });
});

describe('WindowLifecycle', () => {
  const setup = (state: AppState, closeToTray = true) => {
    const win = new FakeWindow();
    let answer: (yes: boolean) => void = () => undefined;
    const asked: string[] = [];
    const quits: number[] = [];
    let current = state;
    const life = new WindowLifecycle({
      window: win,
      dialog: {
        confirm: (t) => {
          asked.push(`${t.message} [${t.confirm}/${t.cancel}]`);
          return new Promise<boolean>((resolve) => (answer = resolve));
        },
      },
      quit: () => quits.push(1),
      getState: () => current,
      closeToTray: () => closeToTray,
      locale: () => 'en',
    });
    const event = () => {
      const e = { prevented: false, preventDefault: () => (e.prevented = true) };
      return e;
    };
    return { win, life, asked, quits, event, answer: (yes: boolean) => answer(yes), setState: (s: AppState) => (current = s) };
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('hides to the tray instead of closing while registered', () => {
    const { win, life, event } = setup(signedIn());
    const e = event();
    life.onWindowClose(e);
    expect(e.prevented).toBe(true);
    expect(win.log).toEqual(['hide']);
  });

  it('lets the window close when signed out', () => {
    const { win, life, event } = setup(initialAppState());
    const e = event();
    life.onWindowClose(e);
    expect(e.prevented).toBe(false);
    expect(win.log).toEqual([]);
  });

  it('asks before quitting during a call; cancel keeps the app and the call', async () => {
    const { life, event, asked, quits, answer } = setup(active);
    const e = event();
    expect(life.onBeforeQuit(e)).toBe(false);
    expect(e.prevented).toBe(true);
    expect(asked).toEqual(['A call is in progress. Quit anyway? [Quit/Cancel]']);
    // A second quit request while the question is open does not stack dialogs.
    life.onBeforeQuit(event());
    expect(asked).toHaveLength(1);
    answer(false);
    await flush();
    expect(quits).toEqual([]);
    expect(life.isQuitting).toBe(false);
  });

  it('confirming quits, and the follow-up before-quit and window close pass', async () => {
    const { life, event, quits, answer, win } = setup(ringing);
    life.onBeforeQuit(event());
    expect(win.log.slice(0, 2)).toEqual(['show', 'focus']); // the question is shown over the app
    answer(true);
    await flush();
    expect(quits).toEqual([1]);
    const again = event();
    expect(life.onBeforeQuit(again)).toBe(true);
    expect(again.prevented).toBe(false);
    const close = event();
    life.onWindowClose(close);
    expect(close.prevented).toBe(false);
  });

  it('quitting while idle goes straight through and the window then closes instead of hiding', () => {
    const { life, event, asked, win } = setup(signedIn());
    const q = event();
    expect(life.onBeforeQuit(q)).toBe(true);
    expect(q.prevented).toBe(false);
    const c = event();
    life.onWindowClose(c);
    expect(c.prevented).toBe(false);
    expect(win.log).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('closing the window during a call with close-to-tray off asks, in Japanese when set', async () => {
    const win = new FakeWindow();
    const asked: string[] = [];
    const life = new WindowLifecycle({
      window: win,
      dialog: { confirm: async (t) => (asked.push(`${t.message} [${t.confirm}/${t.cancel}]`), false) },
      quit: () => undefined,
      getState: () => active,
      closeToTray: () => false,
      locale: () => 'ja',
    });
    const e = { prevented: false, preventDefault() { this.prevented = true; } };
    life.onWindowClose(e);
    expect(e.prevented).toBe(true);
    expect(asked).toEqual(['通話中です。終了しますか？ [終了する/キャンセル]']);
  });

  it('a failing dialog counts as "cancel"', async () => {
    const win = new FakeWindow();
    const quits: number[] = [];
    const life = new WindowLifecycle({
      window: win,
      dialog: { confirm: () => Promise.reject(new Error('no display')) },
      quit: () => quits.push(1),
      getState: () => active,
      closeToTray: () => true,
      locale: () => 'en',
    });
    life.onBeforeQuit({ preventDefault: () => undefined });
    await flush();
    expect(quits).toEqual([]);
  });
});

describe('restoreBounds', () => {
  const primary = { x: 0, y: 0, width: 1920, height: 1040 };
  const right = { x: 1920, y: 0, width: 1280, height: 1000 };
  const defaults = { width: 1024, height: 720 };
  const fallback = { bounds: { width: 1024, height: 720 }, maximized: false };
  it.each([
    ['on the primary display', { x: 100, y: 100, width: 900, height: 700 }, [primary], { bounds: { x: 100, y: 100, width: 900, height: 700 }, maximized: false }],
    ['on a second display', { x: 2000, y: 50, width: 900, height: 700, maximized: true }, [primary, right], { bounds: { x: 2000, y: 50, width: 900, height: 700 }, maximized: true }],
    ['second display unplugged', { x: 2000, y: 50, width: 900, height: 700 }, [primary], fallback],
    ['title bar above the screen', { x: 100, y: -500, width: 900, height: 700 }, [primary], fallback],
    ['only a sliver visible', { x: 1880, y: 100, width: 900, height: 700 }, [primary], fallback],
    ['larger than the display is shrunk', { x: 0, y: 0, width: 4000, height: 3000 }, [primary], { bounds: { x: 0, y: 0, width: 1920, height: 1040 }, maximized: false }],
    ['garbage', 'nonsense', [primary], fallback],
    ['NaN', { x: Number.NaN, y: 0, width: 900, height: 700 }, [primary], fallback],
    ['too small', { x: 0, y: 0, width: 10, height: 10 }, [primary], fallback],
    ['fractional', { x: 0.5, y: 0, width: 900, height: 700 }, [primary], fallback],
    ['no displays', { x: 0, y: 0, width: 900, height: 700 }, [], fallback],
    ['null', null, [primary], fallback],
  ])('%s', (_name, saved, areas, expected) => {
    expect(restoreBounds(saved, areas, defaults)).toEqual(expected);
  });
});
