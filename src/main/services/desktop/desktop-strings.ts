// User-visible texts of the desktop integration (tray, notifications, dialogs, notices) in English and Japanese.
import type { AgentStatus } from '../../../shared/contract.js';
import type { HotkeyAction, Locale } from '../../../shared/desktop-contract.js';
import type { LinkProblem } from './protocol-links.js';

export interface DesktopStrings {
  appName: string;
  status: Record<AgentStatus, string>;
  signedOut: string;
  connecting: string;
  notConnected: string;
  ringing: (who: string) => string;
  dialing: (who: string) => string;
  inCall: (who: string) => string;
  onHold: (who: string) => string;
  wrapUp: string;
  showWindow: string;
  quit: string;
  incomingCall: { normal: string; transferred: string; callback: string };
  notificationBody: (who: string, queue: string | null) => string;
  answerHint: (accelerator: string) => string;
  answer: string;
  reject: string;
  quitDuringCall: string;
  quitAnyway: string;
  cancel: string;
  hotkeyAction: Record<HotkeyAction, string>;
  hotkeyRefused: (action: string, requested: string, reason: string, kept: string | null) => string;
  hotkeyTakenReason: string;
  linkRejected: (reason: string) => string;
  linkProblem: Record<LinkProblem, string>;
  dialBusy: string;
  secretsUnavailable: string;
}

const en: DesktopStrings = {
  appName: 'Softphone',
  status: { Available: 'Available', Busy: 'Busy', Away: 'Away', Offline: 'Offline', 'On hold': 'On hold' },
  signedOut: 'Signed out',
  connecting: 'Connecting…',
  notConnected: 'Not connected',
  ringing: (who) => `Incoming call: ${who}`,
  dialing: (who) => `Calling ${who}`,
  inCall: (who) => `In call with ${who}`,
  onHold: (who) => `On hold: ${who}`,
  wrapUp: 'Wrap-up',
  showWindow: 'Show window',
  quit: 'Quit',
  incomingCall: { normal: 'Incoming call', transferred: 'Incoming transferred call', callback: 'Incoming callback' },
  notificationBody: (who, queue) => (queue ? `${who}\nQueue: ${queue}` : who),
  answerHint: (accelerator) => `Press ${accelerator} to answer, or click to open the window.`,
  answer: 'Answer',
  reject: 'Reject',
  quitDuringCall: 'A call is in progress. Quit anyway?',
  quitAnyway: 'Quit',
  cancel: 'Cancel',
  hotkeyAction: { answer: 'answer', holdResume: 'hold/resume', hangup: 'hang up', mute: 'mute' },
  hotkeyRefused: (action, requested, reason, kept) =>
    `The ${action} hotkey ${requested} could not be set: ${reason} ${kept ? `${kept} stays in use.` : 'No hotkey is set for it.'}`,
  hotkeyTakenReason: 'another application already uses it.',
  linkRejected: (reason) => `This link cannot be dialled: ${reason}`,
  linkProblem: {
    empty: 'the link is empty.',
    'too-long': 'the link is too long.',
    'control-characters': 'the link contains control characters.',
    scheme: 'only tel:, callto: and sip: links can be dialled.',
    encoding: 'the link is not correctly encoded.',
    'no-number': 'it does not contain a phone number.',
    'not-e164': 'the number is not a valid international (E.164) number.',
    'sip-address': 'a SIP address needs a user and a domain (sip:name@example.com).',
    'sip-password': 'a SIP link must not carry a password.',
    'sip-user': 'the SIP user name contains characters that are not allowed.',
    'sip-domain': 'the SIP domain is not valid.',
    'sip-port': 'the SIP port is not valid.',
  },
  dialBusy: 'Finish the current call before dialling another number.',
  secretsUnavailable:
    'This system offers no secure storage, so your password is not saved; you will be asked for it at each sign-in.',
};

const ja: DesktopStrings = {
  appName: 'ソフトフォン',
  status: { Available: '対応可能', Busy: '取り込み中', Away: '離席中', Offline: 'オフライン', 'On hold': '保留中' },
  signedOut: 'サインアウト中',
  connecting: '接続中…',
  notConnected: '未接続',
  ringing: (who) => `着信: ${who}`,
  dialing: (who) => `発信中: ${who}`,
  inCall: (who) => `通話中: ${who}`,
  onHold: (who) => `保留中: ${who}`,
  wrapUp: '後処理中',
  showWindow: 'ウィンドウを表示',
  quit: '終了',
  incomingCall: { normal: '着信', transferred: '転送された着信', callback: 'コールバックの着信' },
  notificationBody: (who, queue) => (queue ? `${who}\nキュー: ${queue}` : who),
  answerHint: (accelerator) => `${accelerator} で応答できます。クリックするとウィンドウを開きます。`,
  answer: '応答',
  reject: '拒否',
  quitDuringCall: '通話中です。終了しますか？',
  quitAnyway: '終了する',
  cancel: 'キャンセル',
  hotkeyAction: { answer: '応答', holdResume: '保留/再開', hangup: '終話', mute: 'ミュート' },
  hotkeyRefused: (action, requested, reason, kept) =>
    `${action}のホットキー ${requested} を設定できません: ${reason} ${kept ? `${kept} を引き続き使用します。` : 'ホットキーは未設定です。'}`,
  hotkeyTakenReason: '他のアプリケーションが使用しています。',
  linkRejected: (reason) => `このリンクには発信できません: ${reason}`,
  linkProblem: {
    empty: 'リンクが空です。',
    'too-long': 'リンクが長すぎます。',
    'control-characters': 'リンクに制御文字が含まれています。',
    scheme: '発信できるのは tel:、callto:、sip: のリンクだけです。',
    encoding: 'リンクのエンコードが正しくありません。',
    'no-number': '電話番号が含まれていません。',
    'not-e164': '国際番号（E.164）として正しくありません。',
    'sip-address': 'SIP アドレスにはユーザーとドメインが必要です（sip:name@example.com）。',
    'sip-password': 'SIP リンクにパスワードを含めることはできません。',
    'sip-user': 'SIP ユーザー名に使用できない文字が含まれています。',
    'sip-domain': 'SIP ドメインが正しくありません。',
    'sip-port': 'SIP ポートが正しくありません。',
  },
  dialBusy: '現在の通話を終えてから発信してください。',
  secretsUnavailable:
    'このシステムには安全な保存領域がないため、パスワードは保存されません。サインインのたびに入力してください。',
};

export const STRINGS: Record<Locale, DesktopStrings> = { en, ja };

export const stringsFor = (locale: Locale): DesktopStrings => STRINGS[locale];
