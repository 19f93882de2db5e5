// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../shared/contract.js';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';

cleanupAfterEach(() => {
  document.body.innerHTML = '';
});

const modal = () => screen.findByRole('dialog', { name: 'Incoming call' });

describe('incoming-call modal', () => {
  it('shows queue, number alone, badges; Answer calls answer with the call id and stops the ring', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall({ callId: 'abc', queue: 'support', callType: 'transferred', channel: 'whatsapp' }) });
    const dialog = await modal();
    const inside = within(dialog);
    expect(inside.getByText('support')).toBeTruthy();
    expect(inside.getByText('Transferred')).toBeTruthy();
    expect(inside.getByText('WhatsApp')).toBeTruthy();
    expect(inside.getByText('+15551234567')).toBeTruthy();
    expect(h.ringer.start).toHaveBeenCalled();
    await h.user.click(inside.getByRole('button', { name: 'Answer' }));
    expect(h.handlers.answer).toHaveBeenCalledWith({ callId: 'abc' }, expect.anything());
    expect(h.ringer.stop).toHaveBeenCalled();
    await h.emitState({ call: makeCall({ callId: 'abc', phase: 'active', answeredAt: Date.now() }) });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Hang up' })).toBeTruthy();
  });

  it('shows the customer name with the number, and the other badges', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall({ customerName: 'Hanako Yamada', callType: 'callback', channel: 'viber' }) });
    const inside = within(await modal());
    expect(inside.getByText('Hanako Yamada')).toBeTruthy();
    expect(inside.getByText('+15551234567')).toBeTruthy();
    expect(inside.getByText('Callback')).toBeTruthy();
    expect(inside.getByText('Viber')).toBeTruthy();
    await h.emitState({ call: makeCall({ callType: 'normal', channel: 'webrtc', customerNumber: null, remoteUri: 'sip:guest-42@softphone.test' }) });
    const again = within(await modal());
    expect(again.getByText('Normal')).toBeTruthy();
    expect(again.getByText('WebRTC')).toBeTruthy();
    expect(again.getByText('guest-42')).toBeTruthy();
    await h.emitState({ call: makeCall({ channel: 'phone' }) });
    expect(within(await modal()).getByText('Phone')).toBeTruthy();
  });

  it('Reject calls reject; the ring stops when the call ends', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall({ callId: 'r1' }) });
    await h.user.click(within(await modal()).getByRole('button', { name: 'Reject' }));
    expect(h.handlers.reject).toHaveBeenCalledWith({ callId: 'r1' }, expect.anything());
    h.ringer.stop.mockClear();
    await h.emitState({ call: makeCall({ callId: 'r2' }) });
    await modal();
    await h.emitState({ call: null });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(h.ringer.stop).toHaveBeenCalled();
  });

  it('keeps ringing and tells the agent when main refuses the answer', async () => {
    const h = renderApp({ state: signedInState(), handlers: { answer: () => { throw new BridgeError('no_call', 'The call is gone.'); } } });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall() });
    await h.user.click(within(await modal()).getByRole('button', { name: 'Answer' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The call is gone.');
    await waitFor(() => expect(h!.ringer.start).toHaveBeenCalledTimes(2));
  });

  it('does not restart the ring when the call is gone before the failed answer returns', async () => {
    const h: Harness = renderApp({
      state: signedInState(),
      handlers: {
        answer: () => {
          // Main rejects the call (e.g. microphone refused) and publishes that before replying.
          h.hub.emit('state', { ...h.state(), call: null });
          throw new BridgeError('permission_denied', 'Permission to use camera and/or microphone was denied.');
        },
      },
    });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall() });
    await h.user.click(within(await modal()).getByRole('button', { name: 'Answer' }));
    await screen.findByRole('alert');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(h.ringer.start).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toContain('Permission to use camera and/or microphone was denied.');
  });

  it('takes focus on Answer', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall() });
    const dialog = await modal();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Answer' }));
  });

  it('keeps Tab inside the modal (Answer → Reject → Copy number → Answer …)', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall() });
    const dialog = await modal();
    const names = [];
    for (let i = 0; i < 4; i++) {
      await h.user.tab();
      names.push(document.activeElement?.textContent);
    }
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(names).toEqual(['Reject', 'Copy number', 'Answer', 'Reject']);
    await h.user.tab({ shift: true });
    expect(document.activeElement?.textContent).toBe('Answer');
  });

  it('leaves focus in a text field the agent is typing in', async () => {
    const h = renderApp({ state: signedInState() });
    const field = await screen.findByLabelText('To');
    await h.user.click(field);
    await h.user.keyboard('12');
    await h.emitState({ call: makeCall() });
    await modal();
    expect(document.activeElement).toBe(field);
  });

  it('leaves focus in a textarea (e.g. notes in another part of the page)', async () => {
    const outside = document.createElement('textarea');
    outside.setAttribute('aria-label', 'Elsewhere');
    document.body.appendChild(outside);
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    outside.focus();
    await h.emitState({ call: makeCall() });
    await modal();
    expect(document.activeElement).toBe(outside);
  });

  it('copies the number and says so', async () => {
    const h = renderApp({ state: signedInState() });
    await screen.findByText('Alice Example');
    await h.emitState({ call: makeCall() });
    await h.user.click(within(await modal()).getByRole('button', { name: 'Copy number' }));
    expect(await navigator.clipboard.readText()).toBe('+15551234567');
    const toast = await screen.findByText('Number copied');
    expect(toast.closest('[role="status"]')).toBeTruthy();
  });
});
