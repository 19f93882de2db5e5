// The video of a video call (issue 8): the customer's video, the agent's self view (what is sent: camera
// with its effect, or the shared screen), and the camera / screen-share buttons for the call controls.
import { useEffect, useRef, useState } from 'react';
import type { CallInfo } from '../../../../shared/contract.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useT } from '../../app/context.js';
import type { CallVideoView } from '../../media/engine.js';
import { ScreenPicker } from './ScreenPicker.js';
import './video.css';

function useCallVideo(callId: string): CallVideoView | null {
  const { video } = useServices();
  const [, setVersion] = useState(0);
  useEffect(() => video?.subscribe(() => setVersion((v) => v + 1)), [video]);
  return video?.get(callId) ?? null;
}

function StreamVideo({ stream, label, muted, className }: { stream: MediaStream; label: string; muted: boolean; className: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Muted videos autoplay everywhere; no play() call needed.
    if (el.srcObject !== stream) el.srcObject = stream;
  });
  // Call audio plays through the media engine's own element: the videos stay muted.
  return <video ref={ref} className={className} aria-label={label} autoPlay playsInline muted={muted} />;
}

/** Remote video large, self view small in a corner; both shrink with the window so controls stay in view. */
export function VideoStage({ call }: { call: CallInfo }) {
  const t = useT();
  const view = useCallVideo(call.callId);
  if (!view) return null;
  const remoteHasVideo = view.remote.getVideoTracks().length > 0;
  const selfHasVideo = view.preview.getVideoTracks().length > 0;
  return (
    <div className="video-stage">
      {remoteHasVideo ? (
        <StreamVideo stream={view.remote} label={t('video.remote')} muted className="video-remote" />
      ) : (
        <p className="video-placeholder muted">{t('video.remoteWaiting')}</p>
      )}
      <div className="video-self">
        {selfHasVideo ? (
          // A mirror, like every video app's self view (what is sent is not mirrored); a shared screen is not.
          <StreamVideo stream={view.preview} label={t('video.self')} muted className={view.sharing ? 'video-self-view' : 'video-self-view mirrored'} />
        ) : (
          <p className="video-self-off" role="img" aria-label={t('video.self')}>
            {t('video.cameraOffLabel')}
          </p>
        )}
        {view.sharing && <span className="pill">{t('video.sharing')}</span>}
      </div>
    </div>
  );
}

/** Camera on/off and screen sharing, placed among the in-call controls (§9.1). */
export function VideoControls({ call }: { call: CallInfo }) {
  const t = useT();
  const { api, video, store } = useServices();
  const run = useRunAction();
  const view = useCallVideo(call.callId);
  const sharing = view?.sharing ?? call.screenSharing === true;
  const cameraOff = call.cameraOff === true;
  const toggleShare = async () => {
    if (!video) return;
    if (sharing) {
      await run(() => video.stopScreenShare(call.callId));
      return;
    }
    try {
      await video.startScreenShare(call.callId);
    } catch (err) {
      // Cancel in the picker is not an error worth a red notice.
      const name = (err as { name?: string } | null)?.name;
      if (name === 'NotAllowedError' || name === 'AbortError') return;
      store.addNotice({ level: 'error', code: 'screen_share', message: t('video.shareFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    }
  };
  return (
    <>
      <button type="button" aria-pressed={cameraOff} onClick={() => void run(() => api.setCamera({ callId: call.callId, on: cameraOff }))}>
        {cameraOff ? t('video.cameraOn') : t('video.cameraOff')}
      </button>
      {video && (
        <button type="button" aria-pressed={sharing} onClick={() => void toggleShare()}>
          {sharing ? t('video.stopSharing') : t('video.shareScreen')}
        </button>
      )}
      <ScreenPicker />
    </>
  );
}
