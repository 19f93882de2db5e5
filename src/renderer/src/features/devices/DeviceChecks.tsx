// Troubleshooting (§17): checks that a microphone is present, allowed, live and not held by another
// program; with the permission refused it shows the §1.5 sentence and how to re-enable access.
import { useState } from 'react';
import { useT } from '../../app/context.js';
import type { DeviceCheck, DeviceService } from '../../media/devices.js';

export function DeviceChecks({ devices }: { devices: DeviceService }) {
  const t = useT();
  const [results, setResults] = useState<DeviceCheck[] | null>(null);
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    try {
      setResults(await devices.checks());
    } finally {
      setRunning(false);
    }
  };
  const denied = results?.some((r) => r.id === 'permission' && r.result === 'problem');
  return (
    <section className="device-checks" aria-label={t('checks.title')}>
      <h3>{t('checks.title')}</h3>
      <button type="button" onClick={() => void run()} disabled={running}>
        {running ? t('checks.running') : t('checks.run')}
      </button>
      {results && (
        <ul className="check-list">
          {results.map((r) => (
            <li key={r.id} className={`check check-${r.result}`}>
              <span>{t(`checks.${r.id}`)}</span>
              <strong>{t(`checks.${r.result}`)}</strong>
              {r.detail === 'inUse' && <span className="muted small">{t('checks.inUse')}</span>}
            </li>
          ))}
        </ul>
      )}
      {denied && (
        <div role="alert" className="form-error">
          <p>{t('notice.permission_denied')}</p>
          <p className="small">{t('notice.permission_denied.hint')}</p>
        </div>
      )}
    </section>
  );
}
