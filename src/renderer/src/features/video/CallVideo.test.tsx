// @vitest-environment jsdom
// The video of a video call in the in-call view (issue 8): customer video + self view, camera on/off through
// the bridge, screen sharing through the video service, and Electron's screen picker dialog.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CallVideoView } from '../../media/engine.js';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';
import type { CallVideoService } from './services.js';

let h: Harness | undefined;
cleanupAfterEach();

const stream = (kinds: string[]) => ({ getTracks: () => kinds.map((kind) => ({ kind })), getVideoTracks: () => kinds.filter((k) => k === 'video').map((kind) => ({ kind })) }) as unknown as MediaStream;

function fakeVideo(initial: Partial<CallVideoView> = {}) {
  let view: CallVideoView = { preview: stream(['video']), remote: stream(['audio', 'video']), cameraOff: false, sharing: false, ...initial };
  const listeners = new Set<() => void>();
  const service: CallVideoService & { startScreenShare: ReturnType<typeof vi.fn>; stopScreenShare: ReturnType<typeof vi.fn> } = {
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get: () => view,
    startScreenShare: vi.fn(async () => set({ sharing: true })),
    stopScreenShare: vi.fn(async () => set({ sharing: false })),
  };
  function set(patch: Partial<CallVideoView>) {
    view = { ...view, ...patch };
    for (const l of listeners) l();
  }
  return { service, set: (patch: Partial<CallVideoView>) => act(() => set(patch)) };
}

const videoCall = (patch = {}) => makeCall({ callId: 'c1', phase: 'active', answeredAt: Date.now(), channel: 'webrtc', video: true, ...patch });

describe('video call in the in-call view', () => {
  it('shows the customer video and the self view, with the call controls still there', async () => {
    const { service } = fakeVideo();
    h = renderApp({ state: signedInState({ call: videoCall() }), extra: { video: service } });
    expect(await screen.findByLabelText('Customer video')).toBeTruthy();
    expect(screen.getByLabelText('Your video')).toBeTruthy();
    for (const name of ['Mute', 'Hold', 'Turn camera off', 'Share screen', 'Transfer', 'Hang up']) expect(screen.getByRole('button', { name })).toBeTruthy();
  });

  it('audio calls have no video area and no camera buttons', async () => {
    const { service } = fakeVideo();
    h = renderApp({ state: signedInState({ call: videoCall({ video: undefined }) }), extra: { video: service } });
    await screen.findByRole('button', { name: 'Hang up' });
    expect(screen.queryByLabelText('Customer video')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Turn camera off' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Share screen' })).toBeNull();
  });

  it('camera off/on goes through main and follows its state', async () => {
    const { service, set } = fakeVideo();
    h = renderApp({ state: signedInState({ call: videoCall() }), extra: { video: service } });
    await h.user.click(await screen.findByRole('button', { name: 'Turn camera off' }));
    expect(h.handlers.setCamera).toHaveBeenLastCalledWith({ callId: 'c1', on: false }, expect.anything());
    await h.emitState({ call: videoCall({ cameraOff: true }) });
    set({ cameraOff: true, preview: stream([]) });
    expect(await screen.findByText('Camera off')).toBeTruthy();
    await h.user.click(screen.getByRole('button', { name: 'Turn camera on' }));
    expect(h.handlers.setCamera).toHaveBeenLastCalledWith({ callId: 'c1', on: true }, expect.anything());
  });

  it('Share screen → Stop sharing', async () => {
    const { service } = fakeVideo();
    h = renderApp({ state: signedInState({ call: videoCall() }), extra: { video: service } });
    // The camera self view is a mirror; a shared screen is shown the right way round.
    expect((await screen.findByLabelText('Your video')).classList.contains('mirrored')).toBe(true);
    await h.user.click(await screen.findByRole('button', { name: 'Share screen' }));
    expect(service.startScreenShare).toHaveBeenCalledWith('c1');
    expect(await screen.findByText('Sharing your screen')).toBeTruthy();
    expect(screen.getByLabelText('Your video').classList.contains('mirrored')).toBe(false);
    await h.user.click(screen.getByRole('button', { name: 'Stop sharing' }));
    expect(service.stopScreenShare).toHaveBeenCalledWith('c1');
    expect(await screen.findByRole('button', { name: 'Share screen' })).toBeTruthy();
  });

  it('a cancelled picker is silent; another failure is reported', async () => {
    const { service } = fakeVideo();
    h = renderApp({ state: signedInState({ call: videoCall() }), extra: { video: service } });
    service.startScreenShare.mockRejectedValueOnce(Object.assign(new Error('denied'), { name: 'NotAllowedError' }));
    await h.user.click(await screen.findByRole('button', { name: 'Share screen' }));
    expect(h.store.getSnapshot().notices).toHaveLength(0);
    service.startScreenShare.mockRejectedValueOnce(new Error('no screen'));
    await h.user.click(screen.getByRole('button', { name: 'Share screen' }));
    await vi.waitFor(() => expect(h?.store.getSnapshot().notices.at(-1)?.message).toBe('Screen sharing did not start: no screen'));
  });

  it("Electron's screen picker lists screens and windows, answers with the choice, Escape cancels", async () => {
    const { service } = fakeVideo();
    h = renderApp({ state: signedInState({ call: videoCall() }), extra: { video: service } });
    await screen.findByRole('button', { name: 'Share screen' });
    const sources = [
      { id: 'screen:0:0', name: 'Entire screen', kind: 'screen' as const, thumbnail: null },
      { id: 'window:7:0', name: 'Editor', kind: 'window' as const, thumbnail: null },
    ];
    await h.emit('screenSourcesRequest', { requestId: 'r1', sources });
    const dialog = screen.getByRole('dialog', { name: 'Choose what to share' });
    expect(within(dialog).getByRole('heading', { name: 'Screens' })).toBeTruthy();
    expect(within(dialog).getByRole('heading', { name: 'Windows' })).toBeTruthy();
    await h.user.click(within(dialog).getByRole('button', { name: 'Editor' }));
    expect(h.handlers.chooseScreenSource).toHaveBeenLastCalledWith({ requestId: 'r1', sourceId: 'window:7:0' }, expect.anything());
    expect(screen.queryByRole('dialog', { name: 'Choose what to share' })).toBeNull();

    await h.emit('screenSourcesRequest', { requestId: 'r2', sources });
    await h.user.keyboard('{Escape}');
    expect(h.handlers.chooseScreenSource).toHaveBeenLastCalledWith({ requestId: 'r2', sourceId: null }, expect.anything());
  });
});
