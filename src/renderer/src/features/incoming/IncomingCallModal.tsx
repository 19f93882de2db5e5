// Incoming-call modal: rings, shows who is calling and from where, and takes focus on Answer unless the
// agent is typing in a text field (then focus stays where it is, so no keystroke answers by accident).
import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import type { CallInfo } from '../../../../shared/contract.js';
import { isTypingTarget, useRunAction } from '../../app/actions.js';
import { useFocusTrap } from '../../app/focus-trap.js';
import { useServices, useT } from '../../app/context.js';
import { callerName, callerNumber } from '../call/caller.js';
import { ModalDialog } from '../../app/ModalDialog.js';

export function IncomingCallModal({ call }: { call: CallInfo }) {
  const t = useT();
  const { api, ringer, store } = useServices();
  const run = useRunAction();
  const answerRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef);
  const titleId = useId();
  const callerId = useId();
  const name = callerName(call);
  const number = callerNumber(call);

  // Ring while the modal is up. `mounted` stops a late failure answer from restarting the ring after the
  // call already went away (main may send the new state before the failed answer's reply).
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    ringer.start();
    return () => {
      mounted.current = false;
      ringer.stop();
    };
  }, [ringer, call.callId]);

  const respond = (action: () => Promise<unknown>) => {
    ringer.stop();
    void run(action).then((ok) => {
      // Main refused: the call is still ringing, so keep ringing.
      if (!ok && mounted.current) ringer.start();
    });
  };

  useLayoutEffect(() => {
    if (!isTypingTarget(document.activeElement)) answerRef.current?.focus();
  }, [call.callId]);

  const copyNumber = async () => {
    if (!number) return;
    try {
      await navigator.clipboard.writeText(number);
      store.addNotice({ level: 'info', code: 'number_copied', message: t('notice.number_copied') });
    } catch {
      store.addNotice({ level: 'error', code: 'copy_failed', message: t('notice.copy_failed') });
    }
  };

  return (
    <ModalDialog dialogRef={dialogRef} labelledBy={titleId} describedBy={callerId} className="incoming">
      <h2 id={titleId}>{t('incoming.title')}</h2>
      <dl className="call-facts">
        <div>
          <dt>{t('incoming.queue')}</dt>
          <dd className="queue">{call.queue ?? t('incoming.noQueue')}</dd>
        </div>
        <div>
          <dt>{t('incoming.callType')}</dt>
          <dd>
            <span className={`badge badge-${call.callType}`}>{t(`callType.${call.callType}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('incoming.channel')}</dt>
          <dd>
            <span className={`badge badge-channel-${call.channel}`}>{t(`channel.${call.channel}`)}</span>
          </dd>
        </div>
      </dl>
      <div id={callerId} className="caller">
        <p className="caller-name">{name ?? number ?? t('incoming.unknownCaller')}</p>
        {name && number && <p className="caller-number">{number}</p>}
      </div>
      {number && (
        <button type="button" className="link-button" onClick={() => void copyNumber()}>
          {t('incoming.copyNumber')}
        </button>
      )}
      <div className="modal-actions">
        <button
          ref={answerRef}
          type="button"
          className="answer"
          onClick={() => respond(() => api.answer({ callId: call.callId }))}
        >
          {t('incoming.answer')}
        </button>
        <button
          type="button"
          className="reject"
          onClick={() => respond(() => api.reject({ callId: call.callId }))}
        >
          {t('incoming.reject')}
        </button>
      </div>
    </ModalDialog>
  );
}
