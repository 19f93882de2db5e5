// Strings of one area of the app, kept in their own file so that features can grow in parallel; spread
// into the English and Japanese catalogues (en.ts, ja.ts). Every key needs both languages.
export const engineEn = {
  'engine.ringingDevice': 'Ringing device',
  'engine.ringingDeviceHint': 'Incoming calls ring here; call audio uses the speaker above.',
  'notice.ringer_device_failed': 'The ringing device is not available; the ring plays on the system default.',
  'engine.autoAnswer': 'Auto-answer',
  'engine.autoAnswerHint': 'Incoming calls are answered automatically (after the delay the server asks for, if any).',
} as const;

export const engineJa: Record<keyof typeof engineEn, string> = {
  'engine.ringingDevice': '着信音の出力先',
  'engine.ringingDeviceHint': '着信音はここで鳴ります。通話の音声は上のスピーカーから出ます。',
  'notice.ringer_device_failed': '着信音の出力先が使えません。着信音はシステムの既定のデバイスで鳴ります。',
  'engine.autoAnswer': '自動応答',
  'engine.autoAnswerHint': '着信に自動で応答します（サーバーが待ち時間を指定した場合はその後に）。',
};
