// Audio and video settings (§9.2): device drop-downs (sticky), "Test speaker" (5 s of music), "Test
// microphone" with a live level meter, camera preview, and the device checks (§17). Used in a dialog
// from the profile menu and as the in-call side panel, where a change takes effect for the call at once.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useServices, useT } from '../../app/context.js';
import type { DeviceLists, DevicePrefs, DeviceService, Stoppable } from '../../media/devices.js';
import { DeviceChecks } from './DeviceChecks.js';
import { StreamPreview } from './StreamPreview.js';

const EMPTY: DeviceLists = { microphones: [], speakers: [], cameras: [] };

export function useDeviceService(): DeviceService | null {
  return useServices().devices ?? null;
}

function DeviceSelect({ label, value, options, onChange }: { label: string; value: string | null; options: DeviceLists[keyof DeviceLists]; onChange: (id: string | null) => void }) {
  const t = useT();
  const id = useId();
  // A stored device that is not plugged in shows as the system default (that is what calls use).
  const current = value && options.some((o) => o.id === value) ? value : '';
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={current} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{t('devices.systemDefault')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function MicrophoneTest({ devices, microphoneId }: { devices: DeviceService; microphoneId: string | null }) {
  const t = useT();
  const [level, setLevel] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef<Stoppable | null>(null);
  const stop = useCallback(() => {
    running.current?.stop();
    running.current = null;
    setLevel(null);
  }, []);
  const start = async () => {
    setError(null);
    try {
      const handle = await devices.testMicrophone((l) => setLevel(l));
      running.current?.stop();
      running.current = handle;
      setLevel(0);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  // Restart on another microphone; stop when the panel closes.
  useEffect(() => stop, [stop, microphoneId]);
  const percent = Math.round((level ?? 0) * 100);
  return (
    <div className="device-test">
      <button type="button" aria-pressed={level !== null} onClick={() => (level === null ? void start() : stop())}>
        {level === null ? t('devices.testMicrophone') : t('devices.stopMicrophone')}
      </button>
      {level !== null && (
        <div className="level">
          <div role="meter" aria-label={t('devices.micLevel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="level-bar">
            <span style={{ width: `${percent}%` }} />
          </div>
          <p className="muted small">{t('devices.micHint')}</p>
        </div>
      )}
      {error && (
        <p role="alert" className="form-error">
          {t('devices.failed', { reason: error })}
        </p>
      )}
    </div>
  );
}

function SpeakerTest({ devices }: { devices: DeviceService }) {
  const t = useT();
  const [playing, setPlaying] = useState(false);
  const handle = useRef<Stoppable | null>(null);
  useEffect(() => () => handle.current?.stop(), []);
  const toggle = () => {
    if (playing) {
      handle.current?.stop();
      return;
    }
    setPlaying(true);
    handle.current = devices.testSpeaker(() => {
      handle.current = null;
      setPlaying(false);
    });
  };
  return (
    <div className="device-test">
      <button type="button" aria-pressed={playing} onClick={toggle}>
        {playing ? t('devices.stopSpeaker') : t('devices.testSpeaker')}
      </button>
      {playing && (
        <p role="status" className="muted small">
          {t('devices.speakerPlaying')}
        </p>
      )}
    </div>
  );
}

function CameraPreview({ devices, cameraId }: { devices: DeviceService; cameraId: string | null }) {
  const t = useT();
  const open = useCallback(() => devices.cameraPreview(), [devices]);
  return (
    <StreamPreview
      open={open}
      reopenKey={cameraId}
      showLabel={t('devices.showPreview')}
      hideLabel={t('devices.hidePreview')}
      videoLabel={t('devices.cameraPreview')}
      failed={(reason) => t('devices.failed', { reason })}
    />
  );
}

export function DeviceSettings({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const devices = useDeviceService();
  const [lists, setLists] = useState<DeviceLists>(EMPTY);
  const [prefs, setPrefs] = useState<DevicePrefs | null>(() => devices?.prefs() ?? null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!devices) return;
    let live = true;
    const load = () =>
      devices.list().then(
        (l) => live && setLists(l),
        (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
      );
    void load();
    const off = devices.onDeviceChange(() => {
      void load();
      setPrefs(devices.prefs());
    });
    return () => {
      live = false;
      off();
    };
  }, [devices]);

  if (!devices || !prefs) return <p className="muted">{t('devices.unavailable')}</p>;
  const choose = (patch: Partial<DevicePrefs>) => setPrefs(devices.setPrefs(patch));

  return (
    <div className="device-settings">
      {error && (
        <p role="alert" className="form-error">
          {t('devices.failed', { reason: error })}
        </p>
      )}
      <DeviceSelect label={t('devices.microphone')} value={prefs.microphoneId} options={lists.microphones} onChange={(id) => choose({ microphoneId: id })} />
      <MicrophoneTest devices={devices} microphoneId={prefs.microphoneId} />
      <DeviceSelect label={t('devices.speaker')} value={prefs.speakerId} options={lists.speakers} onChange={(id) => choose({ speakerId: id })} />
      <SpeakerTest devices={devices} />
      {!compact && (
        <>
          {/* A separate ringing device (§9.2, issue 3): ring on the loudspeaker, talk on the headset. */}
          <DeviceSelect label={t('engine.ringingDevice')} value={prefs.ringerId} options={lists.speakers} onChange={(id) => choose({ ringerId: id })} />
          <p className="muted small">{t('engine.ringingDeviceHint')}</p>
          <DeviceSelect label={t('devices.camera')} value={prefs.cameraId} options={lists.cameras} onChange={(id) => choose({ cameraId: id })} />
          <CameraPreview devices={devices} cameraId={prefs.cameraId} />
          <DeviceChecks devices={devices} />
        </>
      )}
    </div>
  );
}
