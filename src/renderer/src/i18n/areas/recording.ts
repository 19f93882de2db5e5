// Strings of one area of the app, kept in their own file so that features can grow in parallel; spread
// into the English and Japanese catalogues (en.ts, ja.ts). Every key needs both languages.
export const recordingEn = {
  // Notices from main's recording cache (codes in recording-service.ts).
  'notice.recording_storage_full': 'The disk for recordings is full. The call continues; the recording is kept in memory and saved as soon as space is freed.',
  'notice.recording_storage_unwritable': 'The recordings folder cannot be written. The call continues; the recording is kept in memory and saved as soon as it can be written.',
  'notice.recording_storage_overflow': 'Recording stopped: the disk for recordings is still full and the memory reserve is used up. The call continues; what was recorded so far is kept.',
  'notice.recording_storage_recovered': 'Recordings are being saved to disk again.',
} as const;

export const recordingJa: Record<keyof typeof recordingEn, string> = {
  'notice.recording_storage_full': '録音用のディスクがいっぱいです。通話は続きます。録音はメモリに保持され、空き容量ができ次第保存されます。',
  'notice.recording_storage_unwritable': '録音フォルダーに書き込めません。通話は続きます。録音はメモリに保持され、書き込めるようになり次第保存されます。',
  'notice.recording_storage_overflow': '録音を停止しました: 録音用のディスクがいっぱいのままで、メモリの予備も使い切りました。通話は続きます。ここまでの録音は保持されます。',
  'notice.recording_storage_recovered': '録音は再びディスクに保存されています。',
};
