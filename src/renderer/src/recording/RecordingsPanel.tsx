// Recordings tab (spec §12.6–12.7): the server's recordings (per conversation when given), playback of the
// merged file or one leg with the browser's own controls (play/pause, seek by dragging, volume, mute, full
// screen for video), metadata details, supervisor delete, and the local upload queue with progress.
import { useCallback, useEffect, useState } from 'react';
import type { SoftphoneApi } from '../../../shared/bridge.js';
import type { RecordingItem } from '../../../shared/recording-api.js';
import type { LocalRecording, RecordingProgress } from '../../../shared/recording-bridge.js';
import { recordingStrings, type RecordingLocale } from './recording-strings.js';

export type RecordingsApi = Pick<SoftphoneApi,
  'listServerRecordings' | 'getRecordingContent' | 'deleteServerRecording' | 'listLocalRecordings' | 'retryRecordingUploads' | 'on'>;

export interface RecordingsPanelProps {
  api: RecordingsApi;
  canDelete: boolean;
  conversationId?: string;
  locale?: RecordingLocale;
  /** Injected for tests; the browser's URL.createObjectURL by default. */
  objectUrls?: { create(blob: Blob): string; revoke(url: string): void };
  confirm?: (message: string) => boolean;
}

const b64ToBytes = (b64: string): Uint8Array<ArrayBuffer> => {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

export function RecordingsPanel({ api, canDelete, conversationId, locale = 'en', objectUrls, confirm }: RecordingsPanelProps) {
  const s = recordingStrings[locale];
  const urls = objectUrls ?? { create: (b: Blob) => URL.createObjectURL(b), revoke: (u: string) => URL.revokeObjectURL(u) };
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

  const play = async (item: RecordingItem) => {
    setBusy(true);
    try {
      const { mimeType, data } = await api.getRecordingContent({ id: item.id });
      if (playing) urls.revoke(playing.url);
      setPlaying({ item, url: urls.create(new Blob([b64ToBytes(data)], { type: mimeType })), video: mimeType.startsWith('video/') });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (item: RecordingItem) => {
    if (!(confirm ?? ((m: string) => window.confirm(m)))(`${s.confirmDelete}\n${item.fileName}`)) return;
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
    if (p?.state === 'uploading') return s.uploading(p.totalBytes ? Math.floor((p.sentBytes / p.totalBytes) * 100) : 0);
    if (p?.state === 'waiting' || r.lastError) return `${s.waiting}${p?.error ?? r.lastError ? `: ${p?.error ?? r.lastError}` : ''}`;
    return s[r.state];
  };

  return (
    <section className="recordings" aria-label={s.title}>
      <h2>{s.title}</h2>
      {error && <p role="alert">{error}</p>}
      {local.length > 0 && (
        <section aria-label={s.uploads}>
          <h3>{s.uploads}</h3>
          <ul>
            {local.map((r) => <li key={r.legId}>{r.fileName} — {localState(r)}</li>)}
          </ul>
          <button type="button" onClick={() => void api.retryRecordingUploads({}).then(refresh)}>{s.retry}</button>
        </section>
      )}
      {items === null ? <p>{s.loading}</p> : items.length === 0 ? <p>{s.none}</p> : (
        <table>
          <thead><tr><th>{s.file}</th><th>{s.leg}</th><th>{s.agent}</th><th>{s.endUser}</th><th>{s.start}</th><th /></tr></thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{item.fileName}</td>
                <td>{s.legs[item.leg]}</td>
                <td>{item.agentName}</td>
                <td>{item.endUserName ?? item.endUserPhone ?? ''}</td>
                <td>{item.startedAt}</td>
                <td>
                  <button type="button" disabled={busy} aria-label={`${s.play} ${item.fileName}`} onClick={() => void play(item)}>{s.play}</button>
                  {canDelete && <button type="button" aria-label={`${s.delete} ${item.fileName}`} onClick={() => void remove(item)}>{s.delete}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {playing && (
        <section className="player" aria-label={playing.item.fileName}>
          {playing.video
            ? <video controls autoPlay src={playing.url} aria-label={playing.item.fileName} />
            : <audio controls autoPlay src={playing.url} aria-label={playing.item.fileName} />}
          <dl>
            <dt>{s.agent}</dt><dd>{playing.item.agentName}</dd>
            <dt>{s.endUser}</dt><dd>{playing.item.endUserName ?? ''}</dd>
            <dt>{s.phone}</dt><dd>{playing.item.endUserPhone ?? ''}</dd>
            <dt>{s.conversation}</dt><dd>{playing.item.conversationId ?? ''}</dd>
            <dt>{s.callId}</dt><dd>{playing.item.callId}</dd>
            <dt>{s.start}</dt><dd>{playing.item.startedAt}</dd>
            <dt>{s.end}</dt><dd>{playing.item.endedAt}</dd>
            <dt>{s.leg}</dt><dd>{s.legs[playing.item.leg]}</dd>
            <dt>{s.direction}</dt><dd>{playing.item.direction}</dd>
          </dl>
          <button type="button" onClick={close}>{s.close}</button>
        </section>
      )}
    </section>
  );
}
