// Texts of the recordings panel (English and Japanese), kept here until they move into the app's i18n tables.
export const recordingStrings = {
  en: {
    title: 'Recordings', uploads: 'Uploads waiting', retry: 'Retry uploads now', none: 'No recordings yet.',
    play: 'Play', close: 'Close', delete: 'Delete', confirmDelete: 'Delete this file permanently?', loading: 'Loading…',
    file: 'File', leg: 'Leg', agent: 'Agent', endUser: 'End user', phone: 'Phone', conversation: 'Conversation ID',
    callId: 'Call ID', start: 'Start (UTC)', end: 'End (UTC)', direction: 'Direction',
    legs: { agent: 'Agent', customer: 'Customer', merged: 'Both (stereo)' },
    uploading: (p: number) => `Uploading ${p}%`, waiting: 'Waiting to retry', recording: 'Recording', ready: 'Queued', uploaded: 'Uploaded',
  },
  ja: {
    title: '録音', uploads: 'アップロード待ち', retry: '今すぐ再試行', none: '録音はまだありません。',
    play: '再生', close: '閉じる', delete: '削除', confirmDelete: 'このファイルを完全に削除しますか?', loading: '読み込み中…',
    file: 'ファイル', leg: 'レッグ', agent: 'エージェント', endUser: 'エンドユーザー', phone: '電話番号', conversation: '会話ID',
    callId: '通話ID', start: '開始 (UTC)', end: '終了 (UTC)', direction: '方向',
    legs: { agent: 'エージェント', customer: '顧客', merged: '両方 (ステレオ)' },
    uploading: (p: number) => `アップロード中 ${p}%`, waiting: '再試行待ち', recording: '録音中', ready: '待機中', uploaded: 'アップロード済み',
  },
} as const;

export type RecordingLocale = keyof typeof recordingStrings;
