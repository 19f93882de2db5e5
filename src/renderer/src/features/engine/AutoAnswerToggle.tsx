// The auto-answer option (issue 3, off by default) in the profile menu. Main owns the value (it persists
// there across restarts) and reports it in the app state; the checkbox only asks main to change it.
import { useId } from 'react';
import { useRunAction } from '../../app/actions.js';
import { useServices, useSnapshot, useT } from '../../app/context.js';

export function AutoAnswerToggle() {
  const t = useT();
  const { api } = useServices();
  const run = useRunAction();
  const on = useSnapshot((s) => s.app.autoAnswer === true);
  const id = useId();
  const hintId = useId();
  return (
    <div className="header-field auto-answer">
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={on} aria-describedby={hintId} onChange={(e) => void run(() => api.setAutoAnswer({ on: e.target.checked }))} />{' '}
        {t('engine.autoAnswer')}
      </label>
      <p id={hintId} className="muted small">
        {t('engine.autoAnswerHint')}
      </p>
    </div>
  );
}
