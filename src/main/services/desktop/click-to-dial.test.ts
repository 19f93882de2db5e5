import { describe, expect, it } from 'vitest';
import { initialAppState } from '../../../shared/contract.js';
import type { Locale } from '../../../shared/desktop-contract.js';
import { ClickToDial, LinkInbox } from './click-to-dial.js';
import { signedIn, withCall } from './state-fixtures.js';

const setup = (locale: Locale = 'en') => {
  const log: string[] = [];
  const dial = new ClickToDial({
    prefill: (t) => log.push(`prefill ${t}`),
    notice: (m) => log.push(`notice ${m}`),
    bringForward: () => log.push('forward'),
    locale: () => locale,
  });
  return { dial, log };
};

describe('ClickToDial', () => {
  it('prefills the outbound dialog when signed in and idle', () => {
    const { dial, log } = setup();
    dial.update(signedIn());
    dial.openUrl('tel:+81-3-1234-5678');
    expect(log).toEqual(['forward', 'prefill +81312345678']);
  });

  it('takes the link from a second instance command line', () => {
    const { dial, log } = setup();
    dial.update(signedIn());
    dial.openArgv(['softphone.exe', '--flag', 'sip:bob@example.com']);
    expect(log).toEqual(['forward', 'prefill sip:bob@example.com']);
  });

  it('a second instance without a link only brings the window forward', () => {
    const { dial, log } = setup();
    dial.update(signedIn());
    dial.openArgv(['softphone.exe']);
    expect(log).toEqual(['forward']);
  });

  it('start-up argv does not need to bring the window forward', () => {
    const { dial, log } = setup();
    dial.update(signedIn());
    dial.openArgv(['softphone.exe', 'callto:+14155550100'], { bringForward: false });
    expect(log).toEqual(['prefill +14155550100']);
  });

  it('keeps a link that arrives before sign-in until a session exists', () => {
    const { dial, log } = setup();
    dial.update(initialAppState());
    dial.openUrl('tel:+14155550100');
    expect(log).toEqual(['forward']);
    dial.update(initialAppState());
    expect(log).toEqual(['forward']);
    dial.update(signedIn());
    expect(log).toEqual(['forward', 'prefill +14155550100']);
    dial.update(signedIn());
    expect(log).toHaveLength(2);
  });

  it('refuses to start a second call during a call', () => {
    const { dial, log } = setup();
    dial.update(withCall({ phase: 'active' }));
    dial.openUrl('tel:+14155550100');
    expect(log).toEqual(['forward', 'notice Finish the current call before dialling another number.']);
  });

  it('reports a rejected link in the agent language', () => {
    const en = setup();
    en.dial.update(signedIn());
    en.dial.openUrl('javascript:alert(1)');
    expect(en.log).toEqual(['forward', 'notice This link cannot be dialled: only tel:, callto: and sip: links can be dialled.']);
    const ja = setup('ja');
    ja.dial.openUrl('tel:abc');
    expect(ja.log[1]).toBe('notice このリンクには発信できません: 電話番号が含まれていません。');
  });
});

describe('LinkInbox', () => {
  it('keeps links that arrive before start-up and forwards later ones directly', () => {
    const { dial, log } = setup();
    dial.update(signedIn());
    const inbox = new LinkInbox();
    inbox.push({ kind: 'launch', argv: ['app', '--launched-at-login'] });
    inbox.push({ kind: 'url', url: 'tel:+14155550100' });
    inbox.push({ kind: 'argv', argv: ['app', 'sip:bob@example.com'] });
    expect(log).toEqual([]);
    inbox.attach(dial);
    expect(log).toEqual(['forward', 'prefill +14155550100', 'forward', 'prefill sip:bob@example.com']);
    inbox.push({ kind: 'url', url: 'callto:+14155550101' });
    expect(log.slice(4)).toEqual(['forward', 'prefill +14155550101']);
  });

  it('bounds the queue', () => {
    const { dial, log } = setup();
    dial.update(signedIn());
    const inbox = new LinkInbox();
    for (let i = 0; i < 50; i++) inbox.push({ kind: 'url', url: `tel:+1415555${String(i).padStart(4, '0')}` });
    inbox.attach(dial);
    expect(log.filter((l) => l.startsWith('prefill'))).toHaveLength(LinkInbox.MAX_QUEUED);
    expect(log.at(-1)).toBe('prefill +14155550049');
  });
});
