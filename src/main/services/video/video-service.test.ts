import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../shared/bridge.js';
import { BridgeError, type CallInfo, type MediaRequest } from '../../../shared/contract.js';
import { silentLogger } from '../../ports.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { MediaBroker } from '../sip/media-broker.js';
import { StateStore } from '../state/state-store.js';
import { createVideoService, SCREEN_PICK_TIMEOUT_MS, videoCommandRefusal } from './video-service.js';

const call = (patch: Partial<CallInfo> = {}): CallInfo => ({
  callId: 'c1', direction: 'inbound', phase: 'active', remoteUri: 'sip:guest@x', customerName: null, customerNumber: null,
  queue: 'support', callType: 'normal', channel: 'webrtc', conversationId: null, startedAt: 1, answeredAt: 2, endedAt: null,
  held: false, muted: false, endReason: null, video: true, ...patch,
});

function setup(current: CallInfo | null = call()) {
  const hub = new EventHub();
  const events: Array<[string, unknown]> = [];
  hub.attach((e, p) => events.push([e, p]));
  const store = new StateStore(hub);
  store.update((s) => ({ ...s, call: current }));
  const clock = new FakeClock();
  const sent: MediaRequest[] = [];
  const broker = new MediaBroker((r) => sent.push(r), clock);
  const video = createVideoService({ store, broker, hub, clock, logger: silentLogger });
  return { video, store, sent, broker, clock, events };
}

describe('videoCommandRefusal', () => {
  it.each([
    { name: 'no call', c: null, id: 'c1', want: 'There is no such call.' },
    { name: 'other call', c: call(), id: 'c2', want: 'There is no such call.' },
    { name: 'ringing', c: call({ phase: 'ringing' }), id: 'c1', want: 'The call is not connected.' },
    { name: 'audio only', c: call({ video: undefined }), id: 'c1', want: 'This call has no video.' },
    { name: 'active video call', c: call(), id: 'c1', want: null },
  ])('$name', ({ c, id, want }) => expect(videoCommandRefusal(c, id)).toBe(want));
});

describe('video service', () => {
  it('camera off asks the renderer, then records cameraOff in the call', async () => {
    const { video, store, sent, broker } = setup();
    const done = video.handlers.setCamera({ callId: 'c1', on: false }, { senderId: 's' });
    expect(sent[0]).toMatchObject({ op: 'setCamera', callId: 'c1', on: false });
    broker.reply({ requestId: sent[0]!.requestId, ok: true, value: null });
    await done;
    expect(store.get().call?.cameraOff).toBe(true);
  });

  it('a renderer failure leaves the state alone and says why', async () => {
    const { video, store, sent, broker } = setup();
    const done = video.handlers.setCamera({ callId: 'c1', on: true }, { senderId: 's' });
    broker.reply({ requestId: sent[0]!.requestId, ok: false, error: 'no camera' });
    await expect(done).rejects.toMatchObject({ code: 'camera_failed' });
    expect(store.get().call?.cameraOff).toBeUndefined();
  });

  it('refuses camera and sharing commands for audio calls without asking the renderer', async () => {
    const { video, sent } = setup(call({ video: false }));
    await expect(video.handlers.setCamera({ callId: 'c1', on: false }, { senderId: 's' })).rejects.toBeInstanceOf(BridgeError);
    expect(() => video.handlers.setScreenSharing({ callId: 'c1', on: true }, { senderId: 's' })).toThrow(BridgeError);
    expect(sent).toEqual([]);
  });

  it('records screen sharing', () => {
    const { video, store } = setup();
    void video.handlers.setScreenSharing({ callId: 'c1', on: true }, { senderId: 's' });
    expect(store.get().call?.screenSharing).toBe(true);
  });

  it('the picker offers sources to the renderer and resolves with an offered id only', async () => {
    const { video, events } = setup();
    const sources = [{ id: 'screen:1:0', name: 'Entire screen', kind: 'screen' as const, thumbnail: null }];
    const picked = video.picker.pick(sources);
    const [name, payload] = events.find(([e]) => e === 'screenSourcesRequest')!;
    expect(name).toBe('screenSourcesRequest');
    const { requestId } = payload as { requestId: string };
    void video.handlers.chooseScreenSource({ requestId, sourceId: 'screen:1:0' }, { senderId: 's' });
    await expect(picked).resolves.toBe('screen:1:0');
    // A second answer to the same request is refused.
    expect(() => video.handlers.chooseScreenSource({ requestId, sourceId: 'screen:1:0' }, { senderId: 's' })).toThrow(BridgeError);

    const again = video.picker.pick(sources);
    const second = (events.filter(([e]) => e === 'screenSourcesRequest').at(-1)![1] as { requestId: string }).requestId;
    void video.handlers.chooseScreenSource({ requestId: second, sourceId: 'window:99:0' }, { senderId: 's' });
    await expect(again).resolves.toBeNull();
  });

  it('the picker counts as Cancel when nobody answers', async () => {
    const { video, clock } = setup();
    const picked = video.picker.pick([]);
    clock.advance(SCREEN_PICK_TIMEOUT_MS + 1);
    await expect(picked).resolves.toBeNull();
  });
});

