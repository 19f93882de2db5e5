// DTMF keypad. While it is open, digits typed on the keyboard (outside text fields) are sent as well.
import { useEffect, useId, useState } from 'react';
import { isTypingTarget, useRunAction } from '../../app/actions.js';
import { useServices, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';

const KEYS: ReadonlyArray<{ tone: string; label?: MessageKey }> = [
  { tone: '1' }, { tone: '2' }, { tone: '3' },
  { tone: '4' }, { tone: '5' }, { tone: '6' },
  { tone: '7' }, { tone: '8' }, { tone: '9' },
  { tone: '*', label: 'dtmf.star' }, { tone: '0' }, { tone: '#', label: 'dtmf.pound' },
];
const TONE = /^[0-9*#]$/;

export function DialPad({ callId }: { callId: string }) {
  const t = useT();
  const { api } = useServices();
  const run = useRunAction();
  const [sent, setSent] = useState('');
  const sentId = useId();

  useEffect(() => {
    const press = (tone: string) => {
      setSent((s) => (s + tone).slice(-32));
      void run(() => api.sendDtmf({ callId, tones: tone }));
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || !TONE.test(e.key) || isTypingTarget(e.target)) return;
      e.preventDefault();
      press(e.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, callId, run]);

  const send = (tone: string) => {
    setSent((s) => (s + tone).slice(-32));
    void run(() => api.sendDtmf({ callId, tones: tone }));
  };

  return (
    <div className="dial-pad" role="group" aria-label={t('call.dialPad')}>
      <output id={sentId} className="dtmf-sent" aria-label={t('call.dtmfSent')}>
        {sent || '\u00a0'}
      </output>
      <div className="keys">
        {KEYS.map(({ tone, label }) => (
          <button key={tone} type="button" aria-label={label ? t(label) : undefined} onClick={() => send(tone)}>
            {tone}
          </button>
        ))}
      </div>
      <p className="muted small">{t('call.dialPadHint')}</p>
    </div>
  );
}
