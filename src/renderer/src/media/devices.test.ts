import { describe, expect, it, vi } from 'vitest';
import {
  DEVICE_PREFS_KEY, groupDevices, levelOf, loadDevicePrefs, saveDevicePrefs, watchRemovedDevices, withPreferredDevices,
  environmentWithPreferredDevices, type DeviceService,
} from './devices.js';
import type { MediaEnvironment } from './engine.js';

const dev = (kind: MediaDeviceKind, deviceId: string, label = ''): MediaDeviceInfo =>
  ({ kind, deviceId, label, groupId: 'g', toJSON: () => ({}) }) as MediaDeviceInfo;

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k), clear: () => m.clear(), key: () => null, length: 0 } as Storage;
}

describe('device preferences', () => {
  it('round-trips through storage and survives corrupt or blocked storage', () => {
    const s = memoryStorage();
    expect(loadDevicePrefs(s)).toEqual({ microphoneId: null, speakerId: null, cameraId: null, ringerId: null });
    saveDevicePrefs(s, { microphoneId: 'm', speakerId: 's', cameraId: null, ringerId: 'loud' });
    expect(loadDevicePrefs(s)).toEqual({ microphoneId: 'm', speakerId: 's', cameraId: null, ringerId: 'loud' });
    s.setItem(DEVICE_PREFS_KEY, '{not json');
    expect(loadDevicePrefs(s).microphoneId).toBeNull();
    s.setItem(DEVICE_PREFS_KEY, JSON.stringify({ microphoneId: 42, speakerId: 'x' }));
    expect(loadDevicePrefs(s)).toEqual({ microphoneId: null, speakerId: 'x', cameraId: null, ringerId: null });
    const blocked = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); } };
    expect(loadDevicePrefs(blocked).speakerId).toBeNull();
    expect(() => saveDevicePrefs(blocked, { microphoneId: null, speakerId: null, cameraId: null, ringerId: null })).not.toThrow();
  });

  it('groups devices, drops Chromium aliases and names unlabelled ones', () => {
    const lists = groupDevices(
      [dev('audioinput', 'default', 'Default'), dev('audioinput', 'a1', 'Desk'), dev('audioinput', 'a2'), dev('audiooutput', 's1', 'Out'), dev('videoinput', 'c1', 'Cam'), dev('audioinput', 'a1', 'Desk')],
      (kind, n) => `${kind} ${n}`,
    );
    expect(lists).toEqual({
      microphones: [{ id: 'a1', label: 'Desk' }, { id: 'a2', label: 'microphones 2' }],
      speakers: [{ id: 's1', label: 'Out' }],
      cameras: [{ id: 'c1', label: 'Cam' }],
    });
  });

  it('adds the chosen devices as ideal (not exact) constraints so a missing device falls back', () => {
    const prefs = { microphoneId: 'm1', speakerId: null, cameraId: 'c1', ringerId: null };
    expect(withPreferredDevices({ audio: true, video: false }, prefs)).toEqual({ audio: { deviceId: { ideal: 'm1' } }, video: false });
    expect(withPreferredDevices({ audio: { echoCancellation: true }, video: true }, prefs)).toEqual({
      audio: { echoCancellation: true, deviceId: { ideal: 'm1' } },
      video: { deviceId: { ideal: 'c1' } },
    });
    expect(withPreferredDevices({ audio: true }, { microphoneId: null, speakerId: null, cameraId: null, ringerId: null })).toEqual({ audio: true, video: undefined });
  });

  it('wraps the media environment so calls open the chosen microphone', async () => {
    const getUserMedia = vi.fn(async () => ({}) as MediaStream);
    const env = { getUserMedia } as unknown as MediaEnvironment;
    const wrapped = environmentWithPreferredDevices(env, () => ({ microphoneId: 'm9', speakerId: null, cameraId: null, ringerId: null }));
    await wrapped.getUserMedia({ audio: true, video: false });
    expect(getUserMedia).toHaveBeenCalledWith({ audio: { deviceId: { ideal: 'm9' } }, video: false });
  });

  it('computes a bounded level', () => {
    expect(levelOf(new Float32Array(128))).toBe(0);
    expect(levelOf(new Float32Array(128).fill(1))).toBe(1);
    expect(levelOf(new Float32Array(128).fill(0.1))).toBeCloseTo(0.4);
  });

  it('forgets a removed device and tells the agent once', async () => {
    let prefs = { microphoneId: 'gone', speakerId: 'spk', cameraId: null as string | null, ringerId: 'unplugged' as string | null };
    let fire = () => undefined as void;
    const service = {
      prefs: () => prefs,
      setPrefs: (p: Partial<typeof prefs>) => (prefs = { ...prefs, ...p }),
      list: async () => ({ microphones: [{ id: 'other', label: 'x' }], speakers: [{ id: 'spk', label: 'y' }], cameras: [] }),
      onDeviceChange: (l: () => void) => {
        fire = l;
        return () => undefined;
      },
    } as unknown as DeviceService;
    const removed = vi.fn();
    watchRemovedDevices(service, removed);
    fire();
    await vi.waitFor(() => expect(removed).toHaveBeenCalledTimes(1));
    expect(prefs).toEqual({ microphoneId: null, speakerId: 'spk', cameraId: null, ringerId: null });
    fire();
    await new Promise((r) => setTimeout(r, 10));
    expect(removed).toHaveBeenCalledTimes(1);
  });
});
