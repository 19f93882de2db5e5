import { describe, expect, it } from 'vitest';
import { initialAppState, type AppState } from '../../../shared/contract.js';
import { call, inWrapUp, signedIn, withCall } from './state-fixtures.js';
import { MAX_TOOLTIP, menuTemplate, TrayPresenter, trayIntent, trayModel, type MenuModel, type PanelTheme, type TrayIconName, type TrayIntent, type TrayPort } from './tray-model.js';

describe('trayModel icon and tooltip', () => {
  const cases: Array<[string, AppState, TrayIconName, string, string]> = [
    ['signed out', initialAppState(), 'offline', 'Softphone — Signed out', 'ソフトフォン — サインアウト中'],
    ['connecting', signedIn({ registration: { state: 'connecting', reason: null } }), 'offline', 'Softphone — Connecting…', 'ソフトフォン — 接続中…'],
    ['registration failed', signedIn({ registration: { state: 'failed', reason: 'x' } }), 'offline', 'Softphone — Not connected', 'ソフトフォン — 未接続'],
    ['available', signedIn(), 'available', 'Softphone — Available', 'ソフトフォン — 対応可能'],
    ['busy', signedIn({ agentStatus: 'Busy' }), 'offline', 'Softphone — Busy', 'ソフトフォン — 取り込み中'],
    ['away', signedIn({ agentStatus: 'Away' }), 'offline', 'Softphone — Away', 'ソフトフォン — 離席中'],
    ['status offline', signedIn({ agentStatus: 'Offline' }), 'offline', 'Softphone — Offline', 'ソフトフォン — オフライン'],
    ['ringing', withCall({ phase: 'ringing' }), 'ringing', 'Softphone — Incoming call: Taro Yamada', 'ソフトフォン — 着信: Taro Yamada'],
    ['ringing, number only', withCall({ customerName: null }), 'ringing', 'Softphone — Incoming call: +81312345678', 'ソフトフォン — 着信: +81312345678'],
    ['ringing, uri only', withCall({ customerName: null, customerNumber: null, remoteUri: 'sip:bob@x.test' }), 'ringing', 'Softphone — Incoming call: bob', 'ソフトフォン — 着信: bob'],
    ['dialing', withCall({ direction: 'outbound', phase: 'dialing' }), 'in-call', 'Softphone — Calling Taro Yamada', 'ソフトフォン — 発信中: Taro Yamada'],
    ['active', withCall({ phase: 'active' }), 'in-call', 'Softphone — In call with Taro Yamada', 'ソフトフォン — 通話中: Taro Yamada'],
    ['on hold', withCall({ phase: 'active', held: true }, { agentStatus: 'On hold' }), 'on-hold', 'Softphone — On hold: Taro Yamada', 'ソフトフォン — 保留中: Taro Yamada'],
    ['wrap-up', inWrapUp(), 'wrap-up', 'Softphone — Wrap-up', 'ソフトフォン — 後処理中'],
    ['ended without wrap-up', signedIn({ call: call({ phase: 'ended' }) }), 'available', 'Softphone — Available', 'ソフトフォン — 対応可能'],
    ['ringing while registration lost', withCall({}, { registration: { state: 'failed', reason: null } }), 'ringing', 'Softphone — Incoming call: Taro Yamada', 'ソフトフォン — 着信: Taro Yamada'],
  ];
  it.each(cases)('%s', (_name, state, icon, en, ja) => {
    expect(trayModel(state, 'en').icon).toBe(icon);
    expect(trayModel(state, 'en').tooltip).toBe(en);
    expect(trayModel(state, 'ja').tooltip).toBe(ja);
  });

  it('keeps hostile caller names out of the tooltip and bounds its length', () => {
    const name = `Evil\u202eName\u0007${'x'.repeat(300)}`;
    const { tooltip } = trayModel(withCall({ customerName: name }), 'en');
    expect(tooltip.length).toBeLessThanOrEqual(MAX_TOOLTIP);
    // eslint-disable-next-line no-control-regex
    expect(tooltip).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(tooltip.startsWith('Softphone — Incoming call: Evil Name x')).toBe(true);
  });
});

describe('trayModel menu', () => {
  const labels = (menu: MenuModel) => menu.map((i) => (i.type === 'separator' ? '---' : i.label));
  it('lists the selectable statuses, show window and quit, in English and Japanese', () => {
    expect(labels(trayModel(signedIn(), 'en').menu)).toEqual(['Available', 'Busy', 'Away', 'Offline', '---', 'Show window', 'Quit']);
    expect(labels(trayModel(signedIn(), 'ja').menu)).toEqual(['対応可能', '取り込み中', '離席中', 'オフライン', '---', 'ウィンドウを表示', '終了']);
  });
  it.each([
    ['Available', 'status:Available'],
    ['Away', 'status:Away'],
    ['On hold', null],
  ] as const)('checks the current status %s', (status, checkedId) => {
    const menu = trayModel(signedIn({ agentStatus: status }), 'en').menu;
    const checked = menu.filter((i) => i.type !== 'separator' && i.checked).map((i) => (i.type === 'separator' ? '' : i.id));
    expect(checked).toEqual(checkedId ? [checkedId] : []);
  });
  it('disables status choices while signed out, keeps show and quit', () => {
    const menu = trayModel(initialAppState(), 'en').menu;
    for (const item of menu) {
      if (item.type === 'separator') continue;
      expect(item.enabled).toBe(!item.id.startsWith('status:'));
      expect(item.checked).toBe(false);
    }
  });
});

describe('trayIntent', () => {
  it.each([
    ['status:Available', { type: 'setStatus', status: 'Available' }],
    ['status:Offline', { type: 'setStatus', status: 'Offline' }],
    ['show', { type: 'show' }],
    ['quit', { type: 'quit' }],
    ['status:On hold', null],
    ['status:', null],
    ['__proto__', null],
    ['', null],
  ] as const)('%s', (id, intent) => {
    expect(trayIntent(id)).toEqual(intent);
  });
});

class FakeTray implements TrayPort {
  calls: string[] = [];
  click: ((id: string) => void) | null = null;
  menu: MenuModel = [];
  setImage(icon: TrayIconName, theme: PanelTheme) {
    this.calls.push(`image ${icon}-${theme}`);
  }
  setToolTip(text: string) {
    this.calls.push(`tooltip ${text}`);
  }
  setMenu(menu: MenuModel, onClick: (id: string) => void) {
    this.calls.push('menu');
    this.menu = menu;
    this.click = onClick;
  }
}

describe('TrayPresenter', () => {
  const setup = () => {
    const port = new FakeTray();
    const intents: TrayIntent[] = [];
    const presenter = new TrayPresenter(port, { locale: 'en', theme: 'light', onIntent: (i) => intents.push(i) });
    return { port, intents, presenter };
  };

  it('draws everything once, then only what changed', () => {
    const { port, presenter } = setup();
    presenter.update(signedIn());
    expect(port.calls).toEqual(['image available-light', 'tooltip Softphone — Available', 'menu']);
    port.calls = [];
    presenter.update(signedIn());
    expect(port.calls).toEqual([]);
    presenter.update(withCall({ phase: 'ringing' }));
    expect(port.calls).toEqual(['image ringing-light', 'tooltip Softphone — Incoming call: Taro Yamada', 'menu']);
    port.calls = [];
    presenter.update(withCall({ phase: 'active' }));
    expect(port.calls).toEqual(['image in-call-light', 'tooltip Softphone — In call with Taro Yamada']);
  });

  it('switches icon set with the panel theme and texts with the locale', () => {
    const { port, presenter } = setup();
    presenter.setTheme('dark');
    expect(port.calls).toEqual([]); // nothing to draw before the first state
    presenter.update(signedIn());
    port.calls = [];
    presenter.setTheme('light');
    expect(port.calls).toEqual(['image available-light']);
    port.calls = [];
    presenter.setLocale('ja');
    expect(port.calls).toEqual(['tooltip ソフトフォン — 対応可能', 'menu']);
  });

  it('turns menu clicks into intents and redraws the menu so a refused radio choice does not stick', () => {
    const { port, presenter, intents } = setup();
    presenter.update(signedIn());
    port.calls = [];
    port.click!('status:Away');
    port.click!('show');
    port.click!('quit');
    port.click!('bogus');
    expect(intents).toEqual([{ type: 'setStatus', status: 'Away' }, { type: 'show' }, { type: 'quit' }]);
    expect(port.calls).toEqual(['menu', 'menu', 'menu', 'menu']);
  });
});

describe('menuTemplate', () => {
  it('keeps the model and wires clicks to ids', () => {
    const clicked: string[] = [];
    const template = menuTemplate(trayModel(signedIn(), 'en').menu, (id) => clicked.push(id));
    expect(template.map((i) => i.type)).toEqual(['radio', 'radio', 'radio', 'radio', 'separator', 'normal', 'normal']);
    for (const item of template) if ('click' in item) item.click();
    expect(clicked).toEqual(['status:Available', 'status:Busy', 'status:Away', 'status:Offline', 'show', 'quit']);
  });
});
