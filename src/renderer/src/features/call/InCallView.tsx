// The call in progress: caller card, timer and the controls that apply to this call (§9.1).
import { useId, useState } from 'react';
import type { CallInfo } from '../../../../shared/contract.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useT } from '../../app/context.js';
import { formatDuration, useNow } from '../../time/time.js';
import { callerName, callerNumber } from './caller.js';
import { DialPad } from './DialPad.js';
import { TransferPanel } from './TransferPanel.js';
import { CallQualityIndicator, ReconnectingBanner } from './CallQuality.js';
import { DeviceSettings } from '../devices/DeviceSettings.js';
import { VideoControls, VideoStage } from '../video/CallVideo.js';
import { VideoEffectsSettings } from '../video/VideoEffectsSettings.js';

function CallTimer({ since }: { since: number }) {
  const t = useT();
  const now = useNow(500);
  return (
    <span role="timer" aria-label={t('call.duration')} className="call-timer">
      {formatDuration(now - since)}
    </span>
  );
}

export function InCallView({ call }: { call: CallInfo }) {
  const t = useT();
  const { api } = useServices();
  const run = useRunAction();
  const [padOpen, setPadOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const titleId = useId();
  const settingsId = useId();
  const settingsTitleId = useId();
  const padId = useId();
  const name = callerName(call);
  const number = callerNumber(call);
  const dialing = call.phase !== 'active';
  // DTMF applies to phone-like channels only (§2: not to WebRTC calls).
  const dtmfApplies = call.channel !== 'webrtc';

  return (
    <section className="panel in-call" aria-labelledby={titleId}>
      <div className="caller-card">
        <h2 id={titleId}>{name ?? number ?? t('incoming.unknownCaller')}</h2>
        {name && number && <p className="caller-number">{number}</p>}
        <p className="call-meta">
          {call.queue && <span className="queue">{call.queue}</span>}
          <span className={`badge badge-${call.callType}`}>{t(`callType.${call.callType}`)}</span>
          <span className={`badge badge-channel-${call.channel}`}>{t(`channel.${call.channel}`)}</span>
        </p>
      </div>

      {dialing ? (
        <div className="call-status">
          <p className="calling">{t('call.calling')}</p>
          <div className="controls">
            <button type="button" className="hang-up" onClick={() => void run(() => api.hangup({ callId: call.callId }))}>
              {t('call.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          {call.reconnecting && <ReconnectingBanner />}
          <div className="call-status">
            <CallTimer since={call.answeredAt ?? call.startedAt} />
            {call.held && <span className="pill pill-hold">{t('call.onHold')}</span>}
            {call.muted && <span className="pill pill-muted">{t('call.muted')}</span>}
          </div>
          {call.quality && <CallQualityIndicator quality={call.quality} />}
          {call.video && <VideoStage call={call} />}
          <div className="controls">
            <button type="button" onClick={() => void run(() => api.mute({ callId: call.callId, on: !call.muted }))}>
              {call.muted ? t('call.unmute') : t('call.mute')}
            </button>
            <button type="button" onClick={() => void run(() => api.hold({ callId: call.callId, on: !call.held }))}>
              {call.held ? t('call.resume') : t('call.hold')}
            </button>
            {call.video && <VideoControls call={call} />}
            {dtmfApplies && (
              <button type="button" aria-expanded={padOpen} aria-controls={padOpen ? padId : undefined} onClick={() => setPadOpen((o) => !o)}>
                {t('call.dialPad')}
              </button>
            )}
            <button type="button" aria-expanded={transferOpen} onClick={() => setTransferOpen((o) => !o)}>
              {t('call.transfer')}
            </button>
            <button type="button" aria-expanded={settingsOpen} aria-controls={settingsOpen ? settingsId : undefined} onClick={() => setSettingsOpen((o) => !o)}>
              {t('call.deviceSettings')}
            </button>
            <button type="button" className="hang-up" onClick={() => void run(() => api.hangup({ callId: call.callId }))}>
              {t('call.hangUp')}
            </button>
          </div>
          {dtmfApplies && padOpen && (
            <div id={padId}>
              <DialPad callId={call.callId} />
            </div>
          )}
          {transferOpen && <TransferPanel callId={call.callId} channel={call.channel} onClose={() => setTransferOpen(false)} />}
          {settingsOpen && (
            <aside id={settingsId} className="side-panel" aria-labelledby={settingsTitleId}>
              <h3 id={settingsTitleId}>{t('call.deviceSettings')}</h3>
              <p className="muted small">{t('devices.appliesNow')}</p>
              <DeviceSettings compact />
              <VideoEffectsSettings inCall={call.video === true} />
            </aside>
          )}
        </>
      )}
    </section>
  );
}
