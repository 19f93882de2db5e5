// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../shared/contract.js';
import { cleanupAfterEach, renderApp, signedInState } from '../../test/harness.js';
import { draftKey } from './drafts.js';

cleanupAfterEach();

const wrapUp = (patch: { canExtend?: boolean; endsAt?: number; callId?: string } = {}) => ({
  callId: patch.callId ?? 'w1',
  conversationId: 'conv-1',
  endsAt: patch.endsAt ?? Date.now() + 27_000,
  canExtend: patch.canExtend ?? false,
});

describe('wrap-up panel', () => {
  it('shows the countdown; +10s only when the supervisor allows it', async () => {
    const h = renderApp({ state: signedInState({ agentStatus: 'Busy', wrapUp: wrapUp() }) });
    expect(await screen.findByRole('heading', { name: 'Wrap-up' })).toBeTruthy();
    expect(screen.getByRole('timer').textContent).toMatch(/^Wrap-up ends in 2[67] s$/);
    expect(screen.queryByRole('button', { name: '+10s' })).toBeNull();
    await h.emitState({ wrapUp: wrapUp({ canExtend: true, endsAt: Date.now() + 37_000 }) });
    await h.user.click(screen.getByRole('button', { name: '+10s' }));
    expect(h.handlers.extendWrapUp).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByRole('timer').textContent).toMatch(/^Wrap-up ends in 3[67] s$/));
  });

  it('Done sends the notes and the conversation status', async () => {
    const h = renderApp({ state: signedInState({ wrapUp: wrapUp() }) });
    await h.user.type(await screen.findByLabelText('Notes'), 'Customer asked about billing.');
    const status = screen.getByLabelText('Conversation status') as HTMLSelectElement;
    expect([...status.options].map((o) => o.text)).toEqual(['Open', 'Waiting', 'Solved', 'Closed']);
    await h.user.selectOptions(status, 'Solved');
    await h.user.click(screen.getByRole('button', { name: 'Done' }));
    expect(h.handlers.finishWrapUp).toHaveBeenCalledWith({ notes: 'Customer asked about billing.', status: 'Solved' }, expect.anything());
    await waitFor(() => expect(sessionStorage.getItem(draftKey('w1'))).toBeNull());
    await h.emitState({ wrapUp: null });
    expect(screen.queryByRole('heading', { name: 'Wrap-up' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Ready for calls' })).toBeTruthy();
  });

  it('optional call-quality rating: sent for the call before Done and kept in the draft; a failed rating does not block Done', async () => {
    let h = renderApp({ state: signedInState({ wrapUp: wrapUp() }) });
    const rating = (await screen.findByLabelText('Call quality (optional)')) as HTMLSelectElement;
    expect([...rating.options].map((o) => o.text)).toEqual(['Not rated', '1 — Very bad', '2 — Bad', '3 — Fair', '4 — Good', '5 — Excellent']);
    await h.user.selectOptions(rating, '4');
    expect(JSON.parse(sessionStorage.getItem(draftKey('w1'))!)).toMatchObject({ rating: 4 });
    await h.user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(h!.handlers.finishWrapUp).toHaveBeenCalledWith({ status: 'Open' }, expect.anything()));
    expect(h.handlers.rateCall).toHaveBeenCalledWith({ callId: 'w1', conversationId: 'conv-1', rating: 4 }, expect.anything());
    h.unmount();
    cleanup();
    h = renderApp({
      state: signedInState({ wrapUp: { ...wrapUp({ callId: 'w3' }), conversationId: null } }),
      handlers: { rateCall: () => { throw new BridgeError('no_conversation', 'This call has no conversation to rate.'); } },
    });
    await h.user.selectOptions(await screen.findByLabelText('Call quality (optional)'), '2');
    await h.user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('The rating could not be saved.')).toBeTruthy();
    expect(h.handlers.rateCall).toHaveBeenCalledWith({ callId: 'w3', rating: 2 }, expect.anything());
    await waitFor(() => expect(h!.handlers.finishWrapUp).toHaveBeenCalled());
  });

  it('without a rating nothing is rated', async () => {
    const h = renderApp({ state: signedInState({ wrapUp: wrapUp() }) });
    await h.user.click(await screen.findByRole('button', { name: 'Done' }));
    await waitFor(() => expect(h!.handlers.finishWrapUp).toHaveBeenCalled());
    expect(h.handlers.rateCall).not.toHaveBeenCalled();
  });

  it('notes and status survive a re-mount (reload) through sessionStorage', async () => {
    let h = renderApp({ state: signedInState({ wrapUp: wrapUp() }) });
    await h.user.type(await screen.findByLabelText('Notes'), 'Half-written note');
    await h.user.selectOptions(screen.getByLabelText('Conversation status'), 'Waiting');
    h.unmount();
    cleanup();
    h = renderApp({ state: signedInState({ wrapUp: wrapUp() }) });
    expect(((await screen.findByLabelText('Notes')) as HTMLTextAreaElement).value).toBe('Half-written note');
    expect((screen.getByLabelText('Conversation status') as HTMLSelectElement).value).toBe('Waiting');
    // Another call's wrap-up starts empty.
    await h.emitState({ wrapUp: wrapUp({ callId: 'w2' }) });
    await waitFor(() => expect((screen.getByLabelText('Notes') as HTMLTextAreaElement).value).toBe(''));
  });

  it('shows an error from main and lets the agent try again', async () => {
    let fail = true;
    const h = renderApp({
      state: signedInState({ wrapUp: wrapUp() }),
      handlers: {
        finishWrapUp: () => {
          if (fail) throw new BridgeError('companion_unreachable', 'The companion server did not answer.');
        },
      },
    });
    await h.user.click(await screen.findByRole('button', { name: 'Done' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The companion server did not answer.');
    fail = false;
    await h.user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(h!.handlers.finishWrapUp).toHaveBeenCalledTimes(2));
  });

  it('sends typed notes by itself just before the countdown ends', async () => {
    const h = renderApp({ state: signedInState({ wrapUp: wrapUp({ endsAt: Date.now() + 2_500 }) }) });
    await h.user.type(await screen.findByLabelText('Notes'), 'Keep me');
    await waitFor(() => expect(h!.handlers.finishWrapUp).toHaveBeenCalledWith({ notes: 'Keep me', status: 'Open' }, expect.anything()), { timeout: 5_000 });
    expect(h.handlers.finishWrapUp).toHaveBeenCalledTimes(1);
  });

  it('without notes the countdown just runs out (main ends wrap-up)', async () => {
    const h = renderApp({ state: signedInState({ wrapUp: wrapUp({ endsAt: Date.now() + 1_200 }) }) });
    await waitFor(() => expect(screen.getByRole('timer').textContent).toBe('Wrap-up ends in 0 s'), { timeout: 5_000 });
    expect(h.handlers.finishWrapUp).not.toHaveBeenCalled();
  });
});
