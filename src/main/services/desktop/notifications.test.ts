import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../shared/contract.js';
import type { DesktopCommand } from './commands.js';
import {
  IncomingCallNotifier,
  incomingCallNotification,
  notificationActionsSupported,
  type IncomingCallNotification,
  type NotifierPort,
} from './notifications.js';
import { inWrapUp, signedIn, withCall } from './state-fixtures.js';

const withActions = { locale: 'en' as const, actionsSupported: true, answerHotkey: 'CommandOrControl+Alt+Shift+A' };

describe('incomingCallNotification', () => {
  it.each([
    ['name, number and queue', withCall(), 'Incoming call', 'Taro Yamada (+81312345678)\nQueue: Support'],
    ['number only', withCall({ customerName: null }), 'Incoming call', '+81312345678\nQueue: Support'],
    ['no queue', withCall({ queue: null }), 'Incoming call', 'Taro Yamada (+81312345678)'],
    ['transferred', withCall({ callType: 'transferred' }), 'Incoming transferred call', 'Taro Yamada (+81312345678)\nQueue: Support'],
    ['callback', withCall({ callType: 'callback' }), 'Incoming callback', 'Taro Yamada (+81312345678)\nQueue: Support'],
  ])('%s', (_name, state, title, body) => {
    const n = incomingCallNotification(state, withActions)!;
    expect(n.title).toBe(title);
    expect(n.body).toBe(body);
    expect(n.actions).toEqual([{ id: 'answer', label: 'Answer' }, { id: 'reject', label: 'Reject' }]);
    expect(n.callId).toBe('c1');
  });

  it('in Japanese', () => {
    const n = incomingCallNotification(withCall(), { ...withActions, locale: 'ja' })!;
    expect(n.title).toBe('着信');
    expect(n.body).toBe('Taro Yamada (+81312345678)\nキュー: Support');
    expect(n.actions.map((a) => a.label)).toEqual(['応答', '拒否']);
  });

  it('without OS buttons, says how to answer with the hotkey', () => {
    const n = incomingCallNotification(withCall(), { ...withActions, actionsSupported: false })!;
    expect(n.actions).toEqual([]);
    expect(n.body).toBe('Taro Yamada (+81312345678)\nQueue: Support\nPress CommandOrControl+Alt+Shift+A to answer, or click to open the window.');
  });

  it('strips control characters a caller could inject', () => {
    const n = incomingCallNotification(withCall({ customerName: 'Bad\nName\u202e', queue: 'Q\u0000ueue' }), withActions)!;
    expect(n.body).toBe('Bad Name (+81312345678)\nQueue: Q ueue');
  });

  it.each([
    ['idle', signedIn()],
    ['outbound ringing', withCall({ direction: 'outbound', phase: 'ringing' })],
    ['active', withCall({ phase: 'active' })],
    ['wrap-up', inWrapUp()],
  ])('no notification when %s', (_name, state) => {
    expect(incomingCallNotification(state, withActions)).toBeNull();
  });

  it('knows where buttons exist', () => {
    expect(notificationActionsSupported('darwin')).toBe(true);
    expect(notificationActionsSupported('win32')).toBe(true);
    expect(notificationActionsSupported('linux')).toBe(false);
  });
});

class FakeNotifier implements NotifierPort {
  shown: IncomingCallNotification[] = [];
  closed: string[] = [];
  events: { onClick(): void; onAction(index: number): void } | null = null;
  fail = false;
  show(n: IncomingCallNotification, events: { onClick(): void; onAction(index: number): void }) {
    if (this.fail) throw new Error('notifications disabled');
    this.shown.push(n);
    this.events = events;
    return { close: () => this.closed.push(n.callId) };
  }
}

describe('IncomingCallNotifier', () => {
  const setup = () => {
    const notifier = new FakeNotifier();
    const commands: DesktopCommand[] = [];
    const log: string[] = [];
    const presenter = new IncomingCallNotifier({
      notifier,
      runCommand: async (c) => void commands.push(c),
      showWindow: () => log.push('show'),
      requestAttention: (on) => log.push(`attention ${on}`),
      locale: () => 'en',
      actionsSupported: true,
      answerHotkey: () => null,
    });
    return { notifier, commands, log, presenter };
  };

  it('shows once while ringing and closes when the call is answered elsewhere or stops', () => {
    const { notifier, presenter, log } = setup();
    presenter.update(signedIn());
    presenter.update(withCall());
    presenter.update(withCall()); // same call, still ringing: no second notification
    expect(notifier.shown).toHaveLength(1);
    expect(log).toEqual(['attention true']);
    presenter.update(withCall({ phase: 'active' }));
    expect(notifier.closed).toEqual(['c1']);
    expect(log).toEqual(['attention true', 'attention false']);
  });

  it('replaces the notification when a different call rings', () => {
    const { notifier, presenter } = setup();
    presenter.update(withCall({ callId: 'a' }));
    presenter.update(withCall({ callId: 'b' }));
    expect(notifier.shown.map((n) => n.callId)).toEqual(['a', 'b']);
    expect(notifier.closed).toEqual(['a']);
  });

  it('click brings the window; Answer answers and brings the window; Reject rejects', () => {
    const { notifier, presenter, commands, log } = setup();
    const state: AppState = withCall();
    presenter.update(state);
    notifier.events!.onClick();
    notifier.events!.onAction(0);
    expect(commands).toEqual([{ method: 'answer', args: { callId: 'c1' } }]);
    expect(log).toEqual(['attention true', 'show', 'show']);
    notifier.events!.onAction(1);
    notifier.events!.onAction(7); // an index the OS made up is ignored
    expect(commands[1]).toEqual({ method: 'reject', args: { callId: 'c1' } });
    expect(commands).toHaveLength(2);
  });

  it('ignores buttons of a stale notification', () => {
    const { notifier, presenter, commands } = setup();
    presenter.update(withCall({ callId: 'a' }));
    const stale = notifier.events!;
    presenter.update(withCall({ callId: 'a', phase: 'active' }));
    stale.onAction(1);
    presenter.update(withCall({ callId: 'b' }));
    stale.onAction(0);
    expect(commands).toEqual([]);
  });

  it('keeps working when the OS refuses notifications', () => {
    const { notifier, presenter, log } = setup();
    notifier.fail = true;
    expect(() => presenter.update(withCall())).not.toThrow();
    expect(log).toEqual(['attention true']);
    presenter.update(signedIn());
    expect(log).toEqual(['attention true', 'attention false']);
  });

  it('dispose closes an open notification', () => {
    const { notifier, presenter } = setup();
    presenter.update(withCall());
    presenter.dispose();
    expect(notifier.closed).toEqual(['c1']);
  });
});
