// Between calls: what the agent can expect (ready / not receiving calls) and the outbound call form (§8.3,
// features/outbound/OutboundCall.tsx).
import type { AppState } from '../../../../shared/contract.js';
import { useSnapshot, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { useDialRequest } from '../desktop/dial-request.js';
import { OutboundCall } from '../outbound/OutboundCall.js';
import { openOutbound } from '../work/work-store.js';

export function idleMessageKey(app: Pick<AppState, 'agentStatus'>): MessageKey {
  switch (app.agentStatus) {
    case 'Available':
      return 'idle.ready';
    case 'Busy':
      return 'idle.busy';
    case 'Away':
      return 'idle.away';
    case 'On hold':
      return 'idle.onHold';
    case 'Offline':
      return 'idle.offline';
  }
}

export function IdleView() {
  const t = useT();
  const app = useSnapshot((s) => s.app);
  // Click-to-dial: a tel:/sip:/callto: link opens New call prefilled; the agent still presses Call.
  useDialRequest((target) => openOutbound({ to: target }));
  return (
    <section className="panel idle">
      <h2>{t(idleMessageKey(app))}</h2>
      {app.registration.state !== 'registered' && <p className="muted">{t('idle.notRegistered')}</p>}
      <OutboundCall />
    </section>
  );
}
