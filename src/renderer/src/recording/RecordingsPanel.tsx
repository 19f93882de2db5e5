// Recordings tab (spec §12.6–12.7): the server's recordings (per conversation when given), playback of the
// merged file or one leg in our player (play/pause, seek by dragging, volume, mute, full screen for video,
// close), metadata details, download of one file with its CSV, supervisor delete, and the local upload
// queue with progress.
import { useCallback, useEffect, useState } from 'react';
import type { SoftphoneApi } from '../../../shared/bridge.js';
import type { RecordingItem } from '../../../shared/recording-api.js';
import type { LocalRecording, RecordingProgress } from '../../../shared/recording-bridge.js';
import { metadataCsv, type RecordingMetadata } from '../../../shared/recording-metadata.js';
import { translate, type Locale, type MessageKey, type Vars } from '../i18n/i18n.js';
import { RecordingPlayer } from './RecordingPlayer.js';

export type RecordingsApi = Pick<SoftphoneApi,
  'listServerRecordings' | 'getRecordingContent' | 'deleteServerRecording' | 'listLocalRecordings' | 'retryRecordingUploads' | 'on'>;

export interface RecordingsPanelProps {
  api: RecordingsApi;
  canDelete: boolean;
  conversationId?: string;
  locale?: Locale;
  /** Injected for tests; the browser's URL.createObjectURL by default. */
  objectUrls?: { create(blob: Blob): string; revoke(url: string): void };
  confirm?: (message: string) => boolean;
  /** Saves a file for the user; an <a download> click by default. */
  save?: (blob: Blob, fileName: string) => void;
}

const b64ToBytes = (b64: string): Uint8Array<ArrayBuffer> => {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

const metadataOf = (r: RecordingItem): RecordingMetadata => ({
  recordingId: r.id, fileName: r.fileName, conversationId: r.conversationId, callId: r.callId, agentName: r.agentName,
  endUserName: r.endUserName, endUserPhone: r.endUserPhone, direction: r.direction, leg: r.leg, startedAt: r.startedAt, endedAt: r.endedAt,
});

/** `x.customer.webm` → `x.customer.csv` (the server's download uses the same name). */
export const csvNameFor = (fileName: string): string => fileName.replace(/\.[^.]+$/, '') + '.csv';

const seconds = (r: RecordingItem): number => Math.max(0, (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000) || 0;

export function RecordingsPanel({ api, canDelete, conversationId, locale = 'en', objectUrls, confirm, save }: RecordingsPanelProps) {
  const t = useCallback((key: MessageKey, vars?: Vars) => translate(locale, key, vars), [locale]);
  const urls = objectUrls ?? { create: (b: Blob) => URL.createObjectURL(b), revoke: (u: string) => URL.revokeObjectURL(u) };
  const saveFile = save ?? ((blob: Blob, name: string) => {
    const url = urls.create(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => urls.revoke(url), 10_000);
  });
  const [items, setItems] = useState<RecordingItem[] | null>(null);
  const [local, setLocal] = useState<LocalRecording[]>([]);
  const [progress, setProgress] = useState<Record<string, RecordingProgress>>({});
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState<{ item: RecordingItem; url: string; video: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const [server, cached] = await Promise.all([api.listServerRecordings(conversationId ? { conversationId } : {}), api.listLocalRecordings({})]);
      setItems(server.recordings);
      setLocal(cached.recordings.filter((r) => r.state !== 'uploaded'));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setItems((cur) => cur ?? []);
    }
  }, [api, conversationId]);

  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => api.on('recordingProgress', (p) => {
    setProgress((cur) => ({ ...cur, [p.legId]: p }));
    if (p.state === 'uploaded') void refresh();
  }), [api, refresh]);

  const close = () => {
    if (playing) urls.revoke(playing.url);
    setPlaying(null);
  };

  const fetchContent = async (item: RecordingItem): Promise<{ blob: Blob; mimeType: string } | null> => {
    setBusy(true);
    try {
      const { mimeType, data } = await api.getRecordingContent({ id: item.id });
      return { blob: new Blob([b64ToBytes(data)], { type: mimeType }), mimeType };
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const play = async (item: RecordingItem) => {
    const got = await fetchContent(item);
    if (!got) return;
    if (playing) urls.revoke(playing.url);
    setPlaying({ item, url: urls.create(got.blob), video: got.mimeType.startsWith('video/') });
  };

  // One file at a time, with its CSV (§12.7); downloading never deletes anything.
  const download = async (item: RecordingItem) => {
    const got = await fetchContent(item);
    if (!got) return;
    saveFile(got.blob, item.fileName);
    saveFile(new Blob([metadataCsv([metadataOf(item)])], { type: 'text/csv' }), csvNameFor(item.fileName));
  };

  const remove = async (item: RecordingItem) => {
    if (!(confirm ?? ((m: string) => window.confirm(m)))(`${t('recording.confirmDelete')}\n${item.fileName}`)) return;
    try {
      await api.deleteServerRecording({ id: item.id });
      if (playing?.item.id === item.id) close();
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const localState = (r: LocalRecording): string => {
    const p = progress[r.legId];
    if (p?.state === 'uploading') return t('recording.state.uploading', { percent: p.totalBytes ? Math.floor((p.sentBytes / p.totalBytes) * 100) : 0 });
    const why = p?.error ?? r.lastError;
    if (p?.state === 'waiting' || r.lastError) return `${t('recording.state.waiting')}${why ? `: ${why}` : ''}`;
    return t(`recording.state.${r.state}`);
  };

  return (
    <section className="recordings" aria-label={t('recording.title')}>
      <h2>{t('recording.title')}</h2>
      {error && <p role="alert">{error}</p>}
      {local.length > 0 && (
        <section aria-label={t('recording.uploads')}>
          <h3>{t('recording.uploads')}</h3>
          <ul>
            {local.map((r) => <li key={r.legId}>{r.fileName} — {localState(r)}</li>)}
          </ul>
          <button type="button" onClick={() => void api.retryRecordingUploads({}).then(refresh)}>{t('recording.retry')}</button>
        </section>
      )}
      {items === null ? <p>{t('recording.loading')}</p> : items.length === 0 ? <p>{t('recording.none')}</p> : (
        <table>
          <thead><tr><th>{t('recording.file')}</th><th>{t('recording.leg')}</th><th>{t('recording.agent')}</th><th>{t('recording.endUser')}</th><th>{t('recording.start')}</th><th /></tr></thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{item.fileName}</td>
                <td>{t(`recording.leg.${item.leg}`)}</td>
                <td>{item.agentName}</td>
                <td>{item.endUserName ?? item.endUserPhone ?? ''}</td>
                <td>{item.startedAt}</td>
                <td>
                  <button type="button" disabled={busy} aria-label={t('recording.playFile', { file: item.fileName })} onClick={() => void play(item)}>{t('recording.play')}</button>
                  <button type="button" disabled={busy} aria-label={t('recording.downloadFile', { file: item.fileName })} onClick={() => void download(item)}>{t('recording.download')}</button>
                  {canDelete && <button type="button" aria-label={t('recording.deleteFile', { file: item.fileName })} onClick={() => void remove(item)}>{t('recording.delete')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {playing && (
        <RecordingPlayer key={playing.url} url={playing.url} video={playing.video} label={playing.item.fileName} fallbackSeconds={seconds(playing.item)} t={t} onClose={close}>
          <dl aria-label={t('recording.details')}>
            <dt>{t('recording.agent')}</dt><dd>{playing.item.agentName}</dd>
            <dt>{t('recording.endUser')}</dt><dd>{playing.item.endUserName ?? ''}</dd>
            <dt>{t('recording.phone')}</dt><dd>{playing.item.endUserPhone ?? ''}</dd>
            <dt>{t('recording.conversation')}</dt><dd>{playing.item.conversationId ?? ''}</dd>
            <dt>{t('recording.callId')}</dt><dd>{playing.item.callId}</dd>
            <dt>{t('recording.start')}</dt><dd>{playing.item.startedAt}</dd>
            <dt>{t('recording.end')}</dt><dd>{playing.item.endedAt}</dd>
            <dt>{t('recording.leg')}</dt><dd>{t(`recording.leg.${playing.item.leg}`)}</dd>
            <dt>{t('recording.direction')}</dt><dd>{t(`recording.direction.${playing.item.direction}`)}</dd>
          </dl>
        </RecordingPlayer>
      )}
    </section>
  );
}
