// Settings → Video effects (spec §9.4): None (default), Blur, Face tracking, Custom background (an uploaded
// image, validated and stored on this computer), with a live preview through the chosen effect. The choice
// is persisted and applies to every later call (and at once to a call in progress).
import { useCallback, useEffect, useId, useState } from 'react';
import { useServices, useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { backgroundReasonKey } from '../../effects/effect-prefs.js';
import { BACKGROUND_TYPES, EFFECT_KINDS, type EffectKind, type VideoEffectSettings } from '../../effects/index.js';
import { StreamPreview } from '../devices/StreamPreview.js';
import type { EffectsService } from './services.js';
import './video.css';

const LABELS: Record<EffectKind, MessageKey> = {
  none: 'effects.none',
  blur: 'effects.blur',
  'face-tracking': 'effects.faceTracking',
  background: 'effects.background',
};

function EffectPreview({ effects, settings }: { effects: EffectsService; settings: VideoEffectSettings }) {
  const t = useT();
  const open = useCallback(() => effects.openPreview(), [effects]);
  // Reopened on every change of the effect, so the preview shows exactly what calls will send.
  const key = `${settings.effect}:${settings.backgroundId ?? ''}`;
  return (
    <StreamPreview
      open={open}
      reopenKey={key}
      showLabel={t('effects.showPreview')}
      hideLabel={t('effects.hidePreview')}
      videoLabel={t('effects.preview')}
      failed={(reason) => t('effects.previewFailed', { reason })}
    />
  );
}

export function VideoEffectsSettings({ inCall = false }: { inCall?: boolean }) {
  const t = useT();
  const { effects } = useServices();
  const [settings, setSettings] = useState<VideoEffectSettings | null>(() => effects?.prefs.get() ?? null);
  // "Custom background" picked while no image is stored yet: shown selected, saved once an image is.
  const [pendingBackground, setPendingBackground] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const uploadId = useId();
  const hintId = useId();
  useEffect(() => effects?.prefs.subscribe((s) => setSettings(s)), [effects]);
  if (!effects || !settings) return null;

  const selected: EffectKind = pendingBackground ? 'background' : settings.effect;
  const choose = (effect: EffectKind) => {
    setMessage(null);
    if (effect === 'background' && !settings.backgroundId) {
      setPendingBackground(true);
      return;
    }
    setPendingBackground(false);
    effects.prefs.set({ ...settings, effect });
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      const saved = await effects.saveBackground(file);
      if (!saved.ok) {
        const key = backgroundReasonKey(saved.reason);
        setMessage({ kind: 'error', text: key ? t(key) : saved.reason });
        return;
      }
      setPendingBackground(false);
      effects.prefs.set({ effect: 'background', backgroundId: saved.id });
      setMessage({ kind: 'ok', text: t('effects.saved') });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="video-effects" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('effects.title')}</h3>
      <fieldset className="effects-options" aria-labelledby={titleId}>
        {EFFECT_KINDS.map((kind) => (
          <label key={kind}>
            <input type="radio" name={`${titleId}-effect`} value={kind} checked={selected === kind} onChange={() => choose(kind)} />
            {t(LABELS[kind])}
          </label>
        ))}
      </fieldset>
      {selected === 'background' && (
        <div className="field">
          <label htmlFor={uploadId}>{t('effects.upload')}</label>
          <input id={uploadId} type="file" accept={BACKGROUND_TYPES.join(',')} aria-describedby={hintId} disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} />
          <p id={hintId} className="muted small">
            {pendingBackground ? `${t('effects.needImage')} ` : ''}
            {t('effects.uploadHint')}
          </p>
        </div>
      )}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'form-error' : 'muted small'}>
          {message.text}
        </p>
      )}
      <p className="muted small">{inCall ? t('effects.appliesNow') : t('effects.appliesLater')}</p>
      <EffectPreview effects={effects} settings={settings} />
    </section>
  );
}
