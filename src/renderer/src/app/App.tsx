// Top-level layout: connection banner, then sign-in or the agent workspace, with the incoming-call modal
// above everything and the notice area last.
import { useEffect, useState } from 'react';
import { Header } from '../features/header/Header.js';
import { IdleView } from '../features/idle/IdleView.js';
import { IncomingCallModal } from '../features/incoming/IncomingCallModal.js';
import { InCallView } from '../features/call/InCallView.js';
import { Notices } from '../features/notices/Notices.js';
import { SignIn } from '../features/signin/SignIn.js';
import { WrapUpPanel } from '../features/wrapup/WrapUpPanel.js';
import { RecordingsPanel } from '../recording/RecordingsPanel.js';
import { MyWork } from '../features/work/MyWork.js';
import { useServices, useSnapshot, useT } from './context.js';

function Workspace() {
  const app = useSnapshot((s) => s.app);
  const locale = useSnapshot((s) => s.locale);
  const { api } = useServices();
  const t = useT();
  const [showRecordings, setShowRecordings] = useState(false);
  const { call, wrapUp } = app;
  const ringing = call?.phase === 'ringing' && call.direction === 'inbound';
  const inCall = !!call && (call.phase === 'active' || call.phase === 'dialing' || (call.phase === 'ringing' && call.direction === 'outbound'));
  return (
    <>
      <Header />
      <main className="workspace">
        {inCall && call ? (
          <InCallView call={call} />
        ) : wrapUp ? (
          <WrapUpPanel key={wrapUp.callId} wrapUp={wrapUp} />
        ) : (
          <>
            <IdleView />
            <button type="button" className="secondary" aria-expanded={showRecordings} onClick={() => setShowRecordings((v) => !v)}>
              {t('idle.recordings')}
            </button>
            {/* Agents list, play and download; only supervisors may delete (the server enforces it too). */}
            {showRecordings && <RecordingsPanel api={api} canDelete={app.session?.role === 'supervisor'} locale={locale} />}
          </>
        )}
        <MyWork />
      </main>
      {ringing && call && <IncomingCallModal key={call.callId} call={call} />}
    </>
  );
}

export function App() {
  const t = useT();
  const loaded = useSnapshot((s) => s.loaded);
  const connection = useSnapshot((s) => s.connection);
  const signedIn = useSnapshot((s) => s.app.session !== null);
  const locale = useSnapshot((s) => s.locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.title');
  }, [locale, t]);

  return (
    <div className="app">
      {connection !== 'open' && (
        <div className="banner" role="status">
          {t('connection.down')}
        </div>
      )}
      {!loaded ? <p className="loading">{t('app.loading')}</p> : signedIn ? <Workspace /> : <SignIn />}
      <Notices />
    </div>
  );
}
