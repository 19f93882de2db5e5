// Toasts from main's `notice` events and from the renderer itself. Errors are alerts and stay until
// dismissed; known codes are shown in our own (translated) wording.
import { useServices, useSnapshot, useT } from '../../app/context.js';
import { hasMessage } from '../../i18n/i18n.js';
import type { Notice } from '../../store/store.js';

function NoticeItem({ notice }: { notice: Notice }) {
  const t = useT();
  const { store } = useServices();
  const key = `notice.${notice.code}`;
  const text = hasMessage(key) ? t(key) : notice.message;
  return (
    <div role={notice.level === 'error' ? 'alert' : 'status'} className={`notice notice-${notice.level}`}>
      <div className="notice-body">
        <p>{text}</p>
        {notice.code === 'permission_denied' && <p className="hint">{t('notice.permission_denied.hint')}</p>}
      </div>
      <button type="button" className="dismiss" aria-label={t('notices.dismiss')} onClick={() => store.dismissNotice(notice.id)}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/** Codes the in-call view already shows inline (§7.2), so the toast would only repeat them. */
const SHOWN_IN_CALL_VIEW = new Set(['transfer_failed']);

export function Notices() {
  const t = useT();
  const notices = useSnapshot((s) => s.notices);
  const inCall = useSnapshot((s) => s.app.call?.phase === 'active');
  const visible = inCall ? notices.filter((n) => !SHOWN_IN_CALL_VIEW.has(n.code)) : notices;
  return (
    <section className="notices" aria-label={t('notices.region')}>
      {visible.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </section>
  );
}
