// The call in progress: caller card, timer and the controls that apply to this call (§9.1).
import { useId, useState, type FormEvent } from 'react';
import type { CallInfo } from '../../../../shared/contract.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useT } from '../../app/context.js';
import { formatDuration, useNow } from '../../time/time.js';
import { callerName, callerNumber } from './caller.js';
import { DialPad } from './DialPad.js';

function CallTimer({ since }: { since: number }) {
  const t = useT();
  const now = useNow(500);
  return (
    <span role="timer" aria-label={t('call.duration')} className="call-timer">
      {formatDuration(now - since)}
    </span>
  );
}

function TransferForm({ callId, onClose }: { callId: string; onClose: () => void }) {
  const t = useT();
  const { api } = useServices();
  const [target, setTarget] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target.trim() || busy) return;
    setBusy(true);
    setFailed(false);
    try {
      await api.transfer({ callId, target: target.trim() });
    } catch {
      // §7.2: whatever went wrong, the agent sees one sentence and keeps the call.
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="transfer" onSubmit={submit}>
      <label htmlFor={id}>{t('call.transferTarget')}</label>
      <div className="inline">
        <input id={id} value={target} onChange={(e) => setTarget(e.target.value)} autoComplete="off" maxLength={200} />
        <button type="submit" disabled={!target.trim() || busy}>
          {t('call.transferSubmit')}
        </button>
        <button type="button" onClick={onClose}>
          {t('call.transferCancel')}
        </button>
      </div>
      {failed && (
        <p role="alert" className="form-error">
          {t('notice.transfer_failed')}
        </p>
      )}
    </form>
  );
}

export function InCallView({ call }: { call: CallInfo }) {
  const t = useT();
  const { api } = useServices();
  const run = useRunAction();
  const [padOpen, setPadOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const titleId = useId();
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
          <div className="call-status">
            <CallTimer since={call.answeredAt ?? call.startedAt} />
            {call.held && <span className="pill pill-hold">{t('call.onHold')}</span>}
            {call.muted && <span className="pill pill-muted">{t('call.muted')}</span>}
          </div>
          <div className="controls">
            <button type="button" onClick={() => void run(() => api.mute({ callId: call.callId, on: !call.muted }))}>
              {call.muted ? t('call.unmute') : t('call.mute')}
            </button>
            <button type="button" onClick={() => void run(() => api.hold({ callId: call.callId, on: !call.held }))}>
              {call.held ? t('call.resume') : t('call.hold')}
            </button>
            {dtmfApplies && (
              <button type="button" aria-expanded={padOpen} aria-controls={padOpen ? padId : undefined} onClick={() => setPadOpen((o) => !o)}>
                {t('call.dialPad')}
              </button>
            )}
            <button type="button" aria-expanded={transferOpen} onClick={() => setTransferOpen((o) => !o)}>
              {t('call.transfer')}
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
          {transferOpen && <TransferForm callId={call.callId} onClose={() => setTransferOpen(false)} />}
        </>
      )}
    </section>
  );
}
