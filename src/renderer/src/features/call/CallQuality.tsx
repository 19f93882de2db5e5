// Call quality (§9.5): the agent-side MOS with a small chart of the last minute, and the weak-connection
// sentences for either side; plus the reconnecting banner (§9.6). Values come from main in CallInfo.
import type { CallInfo } from '../../../../shared/contract.js';
import { useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';

type Quality = NonNullable<CallInfo['quality']>;

/** §9.5 bands: 4.3–4.5 excellent, from 4 good, below ~3.5 unacceptable. */
export function mosBand(mos: number): 'excellent' | 'good' | 'fair' | 'poor' {
  if (mos >= 4.3) return 'excellent';
  if (mos >= 4) return 'good';
  if (mos >= 3.5) return 'fair';
  return 'poor';
}

/** SVG polyline points for MOS values 1–4.5 in a width×height box (newest on the right). */
export function sparklinePoints(series: readonly number[], width: number, height: number): string {
  if (series.length === 0) return '';
  const step = series.length > 1 ? width / (series.length - 1) : 0;
  return series
    .map((v, i) => {
      const clamped = Math.min(4.5, Math.max(1, v));
      const y = height - ((clamped - 1) / 3.5) * height;
      return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

export function CallQualityIndicator({ quality }: { quality: Quality }) {
  const t = useT();
  const band = mosBand(quality.mos);
  const mos = quality.mos.toFixed(1);
  return (
    <div className={`quality quality-${band}`}>
      <span className="quality-text">{t('quality.label', { mos, band: t(`quality.${band}` as MessageKey) })}</span>
      {quality.series.length > 1 && (
        <svg className="quality-chart" viewBox="0 0 120 28" width="120" height="28" role="img" aria-label={t('quality.chart')}>
          <line x1="0" x2="120" y1={28 - ((4 - 1) / 3.5) * 28} y2={28 - ((4 - 1) / 3.5) * 28} className="quality-threshold" />
          <polyline points={sparklinePoints(quality.series, 120, 28)} fill="none" />
        </svg>
      )}
      {(quality.weakLocal || quality.weakRemote) && (
        <div role="status" className="quality-warnings">
          {quality.weakLocal && <p>{t('notice.weak_connection')}</p>}
          {quality.weakRemote && <p>{t('notice.customer_weak_connection')}</p>}
        </div>
      )}
    </div>
  );
}

export function ReconnectingBanner() {
  const t = useT();
  return (
    <p role="alert" className="reconnecting">
      {t('call.reconnecting')}
    </p>
  );
}
