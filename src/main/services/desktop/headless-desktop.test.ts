import { describe, expect, it } from 'vitest';
import { createDispatcher, EventHub, type BridgeHandlers } from '../../../shared/bridge.js';
import { initialAppState, type AppState } from '../../../shared/contract.js';
import { DesktopBridge, desktopHandlers } from './desktop-bridge.js';
import { HEADLESS_CAPABILITIES, memorySettingsPort, platformOf, startHeadlessDesktop } from './headless-desktop.js';
import { DEFAULT_HOTKEYS } from './hotkeys.js';
import { signedIn } from './state-fixtures.js';

function setup(port = memorySettingsPort()) {
  let state: AppState = initialAppState();
  const hub = new EventHub();
  const events: Array<{ event: string; payload: unknown }> = [];
  hub.attach((event, payload) => events.push({ event, payload }));
  const bridge = new DesktopBridge();
  const dispatch = createDispatcher(bridge.handlers as unknown as BridgeHandlers);
  const warnings: string[] = [];
  const headless = startHeadlessDesktop({ hub, dispatch, getState: () => state, settings: port, log: { warn: (w) => warnings.push(w) } });
  bridge.bind(headless.desktop);
  const setState = (s: AppState) => {
    state = s;
    hub.emit('state', s);
  };
  return { hub, events, bridge, dispatch, headless, setState, warnings, port };
}

describe('DesktopBridge', () => {
  it('answers desktop_unavailable until a desktop integration is bound', async () => {
    const handlers = desktopHandlers(undefined);
    expect(() => handlers.getDesktopSettings({}, { senderId: 't' })).toThrow(/not available/);
    const dispatch = createDispatcher(new DesktopBridge().handlers as unknown as BridgeHandlers);
    expect(await dispatch('getDesktopSettings', {}, { senderId: 't' })).toMatchObject({ ok: false, error: { code: 'desktop_unavailable' } });
  });
});

describe('headless desktop (web host)', () => {
  it('reports what it cannot do and defaults like the installed app', () => {
    const { headless } = setup();
    const view = headless.desktop.view();
    expect(view.capabilities).toEqual(HEADLESS_CAPABILITIES);
    expect(view.secureStorage).toBe(false);
    expect(view.preferences).toEqual({ locale: 'en', closeToTray: true, launchAtLogin: false, hotkeys: DEFAULT_HOTKEYS });
  });

  it.each([
    ['invalid', { answer: 'Ctrl+Alt+Nope' }],
    ['reserved', { answer: 'Alt+F4' }],
    ['duplicate', { answer: DEFAULT_HOTKEYS.mute }],
  ] as const)('refuses a %s hotkey through the bridge and keeps the previous one', async (problem, hotkeys) => {
    const { dispatch, events } = setup();
    const env = await dispatch('updateDesktopSettings', { hotkeys }, { senderId: 't' });
    expect(env.ok).toBe(true);
    const view = (env as { value: { hotkeys: Array<{ action: string; accelerator: string | null; failure: { problem: string } | null }> } }).value;
    const answer = view.hotkeys.find((h) => h.action === 'answer');
    expect(answer).toMatchObject({ accelerator: DEFAULT_HOTKEYS.answer, failure: { problem } });
    expect(events.some((e) => e.event === 'desktopSettings')).toBe(true);
  });

  it('saves preferences on its settings port (survives a new host on the same store)', async () => {
    const first = setup();
    await first.dispatch('updateDesktopSettings', { closeToTray: false, locale: 'ja', hotkeys: { hangup: 'Ctrl+Alt+F8' } }, { senderId: 't' });
    first.headless.dispose();
    const second = setup(first.port);
    expect(second.headless.desktop.view().preferences).toMatchObject({ closeToTray: false, locale: 'ja', hotkeys: { hangup: 'Control+Alt+F8' } });
  });

  it('a dial link from the page waits for sign-in, then becomes a dialRequest event', async () => {
    const { dispatch, events, setState } = setup();
    expect(await dispatch('openDialLink', { url: 'tel:+81-3-1234-5678' }, { senderId: 't' })).toEqual({ ok: true, value: { accepted: true } });
    expect(events.filter((e) => e.event === 'dialRequest')).toEqual([]);
    setState(signedIn());
    expect(events.filter((e) => e.event === 'dialRequest')).toEqual([{ event: 'dialRequest', payload: { target: '+81312345678' } }]);
  });

  it('a bad link is refused with a notice and no dialRequest', async () => {
    const { dispatch, events, setState } = setup();
    setState(signedIn());
    expect(await dispatch('openDialLink', { url: 'javascript:alert(1)' }, { senderId: 't' })).toEqual({ ok: true, value: { accepted: false } });
    expect(events.some((e) => e.event === 'dialRequest')).toBe(false);
    expect(events.find((e) => e.event === 'notice')?.payload).toMatchObject({ code: 'dial_link_rejected' });
  });

  it('maps unknown Node platforms to linux rules', () => {
    expect(platformOf('freebsd')).toBe('linux');
    expect(platformOf('darwin')).toBe('darwin');
  });
});
