import { describe, expect, it, vi } from 'vitest';
import type { CallInfo } from '../../../../shared/contract.js';
import type { CallVideoView } from '../../media/engine.js';
import { createCallVideoService } from './services.js';

function setup(call: Partial<CallInfo> | null) {
  let listener: () => void = () => undefined;
  let view: CallVideoView = { preview: {} as MediaStream, remote: {} as MediaStream, cameraOff: false, sharing: false };
  const media = {
    subscribeVideo: vi.fn((l: () => void) => {
      listener = l;
      return () => undefined;
    }),
    videoOf: vi.fn(() => view),
    startScreenShare: vi.fn(async () => undefined),
    stopScreenShare: vi.fn(async () => true),
  };
  const api = { setScreenSharing: vi.fn(async () => undefined) };
  let current = call ? ({ callId: 'c1', phase: 'active', video: true, ...call } as CallInfo) : null;
  const service = createCallVideoService(media, api, () => current);
  return {
    service,
    api,
    share: (on: boolean) => {
      view = { ...view, sharing: on };
      listener();
    },
    setCall: (patch: Partial<CallInfo>) => (current = { ...current!, ...patch }),
  };
}

describe('createCallVideoService keeps main’s screenSharing true to the engine', () => {
  it('reports a start and a stop once each', () => {
    const s = setup({});
    s.share(true);
    s.share(true);
    expect(s.api.setScreenSharing.mock.calls).toEqual([[{ callId: 'c1', on: true }]]);
    s.setCall({ screenSharing: true });
    s.share(false);
    expect(s.api.setScreenSharing).toHaveBeenLastCalledWith({ callId: 'c1', on: false });
    expect(s.api.setScreenSharing).toHaveBeenCalledTimes(2);
  });

  it('corrects a stale "sharing" after a reload (the new page shares nothing)', () => {
    const s = setup({ screenSharing: true });
    s.service.reconcile?.();
    expect(s.api.setScreenSharing).toHaveBeenCalledWith({ callId: 'c1', on: false });
  });

  it.each([
    { name: 'no call', call: null },
    { name: 'audio call', call: { video: false } },
    { name: 'ringing', call: { phase: 'ringing' as const } },
    { name: 'already in line', call: { screenSharing: false } },
  ])('says nothing for $name', ({ call }) => {
    const s = setup(call);
    s.service.reconcile?.();
    expect(s.api.setScreenSharing).not.toHaveBeenCalled();
  });
});
