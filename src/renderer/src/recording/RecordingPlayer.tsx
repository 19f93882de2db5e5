// Player of one recording (spec §12.6): play/pause, seek by dragging the position slider, volume and mute,
// full screen for video, close at any time. Our own controls (named in the app's language, keyboard
// operable as native buttons and sliders) drive the media element, whose events drive the display.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { MessageKey, Vars } from '../i18n/i18n.js';

export interface RecordingPlayerProps {
  url: string;
  video: boolean;
  /** Accessible name of the player region (the file name). */
  label: string;
  /** Length from the metadata: MediaRecorder WebM files often report no duration until played through. */
  fallbackSeconds: number;
  t: (key: MessageKey, vars?: Vars) => string;
  onClose: () => void;
  children?: ReactNode;
}

/** m:ss (or h:mm:ss) for a position. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export function RecordingPlayer({ url, video, label, fallbackSeconds, t, onClose, children }: RecordingPlayerProps) {
  const media = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [duration, setDuration] = useState(fallbackSeconds);
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(false);
  const [fullScreen, setFullScreen] = useState(false);
  /** While the agent drags the slider, playback updates must not pull the thumb back. */
  const dragging = useRef(false);

  useEffect(() => {
    const el = media.current;
    if (!el) return;
    const known = () => { if (Number.isFinite(el.duration) && el.duration > 0) setDuration(el.duration); };
    const handlers: [string, () => void][] = [
      ['play', () => setPlaying(true)],
      ['pause', () => setPlaying(false)],
      ['ended', () => setPlaying(false)],
      ['timeupdate', () => { if (!dragging.current) setPosition(el.currentTime); known(); }],
      ['loadedmetadata', known],
      ['durationchange', known],
      ['volumechange', () => { setVolume(el.volume); setMuted(el.muted); }],
    ];
    for (const [name, fn] of handlers) el.addEventListener(name, fn);
    return () => { for (const [name, fn] of handlers) el.removeEventListener(name, fn); };
  }, [url]);

  useEffect(() => {
    const onChange = () => setFullScreen(!!document.fullscreenElement && document.fullscreenElement === frame.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const toggle = () => {
    const el = media.current;
    if (!el) return;
    if (el.paused) void Promise.resolve(el.play()).catch(() => undefined);
    else el.pause();
  };

  const seek = (value: number) => {
    setPosition(value);
    if (media.current) media.current.currentTime = value;
  };

  const changeVolume = (value: number) => {
    const el = media.current;
    if (!el) return;
    el.volume = value;
    // Raising the volume of a muted player is a request to hear it.
    if (value > 0 && el.muted) el.muted = false;
    setVolume(value);
  };

  const toggleMute = () => {
    const el = media.current;
    if (!el) return;
    el.muted = !el.muted;
    setMuted(el.muted);
  };

  const toggleFullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
    else void frame.current?.requestFullscreen?.().catch(() => undefined);
  };

  const close = () => {
    media.current?.pause();
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
    onClose();
  };

  const max = Math.max(duration, position, 0.1);
  return (
    <section className="player" aria-label={label}>
      <div className="player-frame" ref={frame}>
        {video
          ? <video ref={media} src={url} autoPlay playsInline aria-label={label} />
          : <audio ref={media} src={url} autoPlay aria-label={label} />}
        <div className="player-controls">
          <button type="button" onClick={toggle}>{playing ? t('recording.player.pause') : t('recording.player.play')}</button>
          <input
            type="range" aria-label={t('recording.player.position')} min={0} max={max} step={0.1} value={Math.min(position, max)}
            aria-valuetext={t('recording.player.positionText', { current: clock(position), total: clock(duration) })}
            onPointerDown={() => { dragging.current = true; }}
            onPointerUp={() => { dragging.current = false; }}
            onBlur={() => { dragging.current = false; }}
            onChange={(e) => seek(Number(e.currentTarget.value))}
          />
          <span className="player-time" aria-hidden="true">{clock(position)} / {clock(duration)}</span>
          <button type="button" onClick={toggleMute}>{muted ? t('recording.player.unmute') : t('recording.player.mute')}</button>
          <input
            type="range" aria-label={t('recording.player.volume')} min={0} max={1} step={0.05} value={muted ? 0 : volume}
            aria-valuetext={`${Math.round((muted ? 0 : volume) * 100)}%`}
            onChange={(e) => changeVolume(Number(e.currentTarget.value))}
          />
          {video && (
            <button type="button" onClick={toggleFullScreen}>
              {fullScreen ? t('recording.player.exitFullScreen') : t('recording.player.fullScreen')}
            </button>
          )}
          <button type="button" onClick={close}>{t('recording.close')}</button>
        </div>
      </div>
      {children}
    </section>
  );
}
