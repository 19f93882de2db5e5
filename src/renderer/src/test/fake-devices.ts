// In-memory DeviceService for component tests (jsdom has no media devices): scripted lists, prefs in
// memory, a microphone test whose level the test drives, and checks it sets.
import { vi } from 'vitest';
import { DEFAULT_DEVICE_PREFS, type DeviceCheck, type DeviceLists, type DevicePrefs, type DeviceService } from '../media/devices.js';

export interface FakeDevices extends DeviceService {
  lists: DeviceLists;
  checkResults: DeviceCheck[];
  /** Feeds the running microphone test a level (0–1). */
  level(value: number): void;
  /** Simulates a hot-plug event. */
  fireDeviceChange(): void;
  speakerEnd(): void;
  testSpeakerSpy: ReturnType<typeof vi.fn>;
}

export function createFakeDevices(initial: Partial<DevicePrefs> = {}): FakeDevices {
  let prefs: DevicePrefs = { ...DEFAULT_DEVICE_PREFS, ...initial };
  let onLevel: ((l: number) => void) | null = null;
  let onEnd: (() => void) | null = null;
  const changeListeners = new Set<() => void>();
  const testSpeakerSpy = vi.fn();
  const fake: FakeDevices = {
    lists: {
      microphones: [{ id: 'mic-1', label: 'Desk microphone' }, { id: 'mic-2', label: 'Headset microphone' }],
      speakers: [{ id: 'spk-1', label: 'Laptop speakers' }, { id: 'spk-2', label: 'Headset' }],
      cameras: [{ id: 'cam-1', label: 'Webcam' }],
    },
    checkResults: [],
    prefs: () => prefs,
    setPrefs(patch) {
      prefs = { ...prefs, ...patch };
      return prefs;
    },
    list: async () => fake.lists,
    onDeviceChange(l) {
      changeListeners.add(l);
      return () => changeListeners.delete(l);
    },
    testSpeaker(end) {
      testSpeakerSpy();
      onEnd = end;
      return { stop: () => fake.speakerEnd() };
    },
    async testMicrophone(cb) {
      onLevel = cb;
      return { stop: () => { onLevel = null; } };
    },
    cameraPreview: async () => {
      throw new Error('no camera in jsdom');
    },
    checks: async () => fake.checkResults,
    level: (v) => onLevel?.(v),
    fireDeviceChange: () => changeListeners.forEach((l) => l()),
    speakerEnd() {
      const end = onEnd;
      onEnd = null;
      end?.();
    },
    testSpeakerSpy,
  };
  return fake;
}
