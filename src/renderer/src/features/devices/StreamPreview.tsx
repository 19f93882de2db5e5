// A "Show preview" toggle with a live video of a stream opened on demand, shared by the camera preview in
// Audio and video settings and the effect preview in Video effects. The stream is reopened whenever `open`
// or `reopenKey` changes (another camera, another effect) and stopped when hidden or unmounted.
import { useEffect, useRef, useState } from 'react';

export interface StreamPreviewProps {
  /** Opens the stream to show; keep it stable (useCallback), a new function reopens the preview. */
  open: () => Promise<MediaStream>;
  /** Any value whose change should reopen the stream. */
  reopenKey: unknown;
  showLabel: string;
  hideLabel: string;
  videoLabel: string;
  failed: (reason: string) => string;
}

export function StreamPreview({ open, reopenKey, showLabel, hideLabel, videoLabel, failed }: StreamPreviewProps) {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [on, setOn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!on) return;
    let cancelled = false;
    let opened: MediaStream | null = null;
    setError(null);
    open().then(
      (s) => {
        if (cancelled) return s.getTracks().forEach((tr) => tr.stop());
        opened = s;
        setStream(s);
      },
      (err: unknown) => {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      cancelled = true;
      opened?.getTracks().forEach((tr) => tr.stop());
      setStream(null);
    };
  }, [open, on, reopenKey]);
  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
  }, [stream]);
  return (
    <div className="device-test">
      <button type="button" aria-pressed={on} onClick={() => setOn((o) => !o)}>
        {on ? hideLabel : showLabel}
      </button>
      {on && stream && <video ref={video} className="camera-preview mirrored" aria-label={videoLabel} autoPlay muted playsInline />}
      {error && (
        <p role="alert" className="form-error">
          {failed(error)}
        </p>
      )}
    </div>
  );
}
