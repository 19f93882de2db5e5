// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../shared/contract.js';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';
import { callerNumber } from './caller.js';

let h: Harness | undefined;
cleanupAfterEach();

const active = (patch = {}) => makeCall({ callId: 'c1', phase: 'active', answeredAt: Date.now() - 65_000, ...patch });

describe('in-call view', () => {
  it('shows the caller card and a mm:ss timer', async () => {
    h = renderApp({ state: signedInState({ call: active({ customerName: 'Hanako Yamada' }) }) });
    expect(await screen.findByRole('heading', { name: 'Hanako Yamada' })).toBeTruthy();
    expect(screen.getByText('+15551234567')).toBeTruthy();
    expect(screen.getByRole('timer', { name: 'Call duration' }).textContent).toMatch(/^01:0[5-9]$/);
  });

  it('Mute → Unmute and Hold → Resume follow main and call the right methods', async () => {
    h = renderApp({ state: signedInState({ call: active() }) });
    await h.user.click(await screen.findByRole('button', { name: 'Mute' }));
    expect(h.handlers.mute).toHaveBeenLastCalledWith({ callId: 'c1', on: true }, expect.anything());
    await h.emitState({ call: active({ muted: true }) });
    await h.user.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(h.handlers.mute).toHaveBeenLastCalledWith({ callId: 'c1', on: false }, expect.anything());

    await h.user.click(screen.getByRole('button', { name: 'Hold' }));
    expect(h.handlers.hold).toHaveBeenLastCalledWith({ callId: 'c1', on: true }, expect.anything());
    await h.emitState({ call: active({ held: true }), agentStatus: 'On hold' });
    expect(screen.getAllByText('On hold').length).toBeGreaterThan(0);
    await h.user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(h.handlers.hold).toHaveBeenLastCalledWith({ callId: 'c1', on: false }, expect.anything());
    await h.emitState({ call: active({ held: false }) });
    expect(screen.getByRole('button', { name: 'Hold' })).toBeTruthy();

    await h.user.click(screen.getByRole('button', { name: 'Hang up' }));
    expect(h.handlers.hangup).toHaveBeenCalledWith({ callId: 'c1' }, expect.anything());
  });

  it('the dial pad sends clicked and typed digits', async () => {
    h = renderApp({ state: signedInState({ call: active() }) });
    const toggle = await screen.findByRole('button', { name: 'Dial pad' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await h.user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const pad = screen.getByRole('group', { name: 'Dial pad' });
    for (const name of ['1', '5', 'Star', '0', 'Pound']) await h.user.click(within(pad).getByRole('button', { name }));
    const sent = h.handlers.sendDtmf.mock.calls.map(([args]) => args.tones).join('');
    expect(sent).toBe('15*0#');
    expect(h.handlers.sendDtmf).toHaveBeenCalledWith({ callId: 'c1', tones: '1' }, expect.anything());
    // Keyboard digits while the pad is open (focus on the page, not in a text field).
    (document.activeElement as HTMLElement | null)?.blur();
    fireEvent.keyDown(window, { key: '7' });
    fireEvent.keyDown(window, { key: '#' });
    fireEvent.keyDown(window, { key: 'a' });
    fireEvent.keyDown(window, { key: '9', ctrlKey: true });
    await screen.findByText('15*0#7#');
    expect(h.handlers.sendDtmf.mock.calls.map(([args]) => args.tones).join('')).toBe('15*0#7#');
    // Closed pad: typing sends nothing.
    await h.user.click(toggle);
    fireEvent.keyDown(window, { key: '3' });
    expect(h.handlers.sendDtmf).toHaveBeenCalledTimes(7);
  });

  it('offers no dial pad on WebRTC calls (§2)', async () => {
    h = renderApp({ state: signedInState({ call: active({ channel: 'webrtc' }) }) });
    await screen.findByRole('button', { name: 'Hang up' });
    expect(screen.queryByRole('button', { name: 'Dial pad' })).toBeNull();
  });

  it('outbound dialing shows Calling… and Cancel hangs up', async () => {
    h = renderApp({ state: signedInState({ call: makeCall({ callId: 'o1', direction: 'outbound', phase: 'dialing' }) }) });
    expect(await screen.findByText('Calling…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Mute' })).toBeNull();
    await h.user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(h.handlers.hangup).toHaveBeenCalledWith({ callId: 'o1' }, expect.anything());
  });

  it('a failed transfer shows the spec sentence and keeps the call', async () => {
    h = renderApp({
      state: signedInState({ call: active() }),
      handlers: {
        transferTargets: () => ({ agents: [{ id: 'u2', login: 'bob', displayName: 'Bob', status: 'Available', available: true, sipUri: 'sip:bob@x' }], queues: [] }),
        transfer: () => {
          // The engine both publishes a notice and fails the call; the agent must see one alert, not two.
          h!.hub.emit('notice', { level: 'error', code: 'transfer_failed', message: 'The call cannot be transferred.' });
          throw new BridgeError('transfer_failed', 'The call cannot be transferred.');
        },
      },
    });
    await h.user.click(await screen.findByRole('button', { name: 'Transfer' }));
    await h.user.click(await screen.findByRole('radio', { name: 'Bob (Available)' }));
    await h.user.click(screen.getByRole('button', { name: 'Transfer call' }));
    expect(h.handlers.transfer).toHaveBeenCalledWith({ callId: 'c1', target: 'bob' }, expect.anything());
    expect((await screen.findByRole('alert')).textContent).toBe('The call cannot be transferred.');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Hang up' })).toBeTruthy();
  });

  it('reads the number from the SIP URI when main has none', () => {
    expect(callerNumber({ customerNumber: null, remoteUri: 'sip:%2B4420@softphone.test;transport=ws' })).toBe('+4420');
    expect(callerNumber({ customerNumber: null, remoteUri: '"Bob" <sip:bob@x>' })).toBe('bob');
    expect(callerNumber({ customerNumber: null, remoteUri: 'tel:+81312345678' })).toBe('+81312345678');
    expect(callerNumber({ customerNumber: null, remoteUri: 'sip:%E0%A4%A@x' })).toBe('%E0%A4%A');
    expect(callerNumber({ customerNumber: null, remoteUri: '' })).toBeNull();
  });
});

describe('idle view', () => {
  it('shows a status-dependent message and dials', async () => {
    h = renderApp({ state: signedInState({ agentStatus: 'Away' }) });
    expect(await screen.findByRole('heading', { name: /You are Away/ })).toBeTruthy();
    await h.emitState({ agentStatus: 'Available' });
    expect(screen.getByRole('heading', { name: 'Ready for calls' })).toBeTruthy();
    await h.user.type(screen.getByLabelText('To'), '+15550001111');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    expect(h.handlers.dial).toHaveBeenCalledWith({ target: '+15550001111', priority: 'normal' }, expect.anything());
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('');
  });

  it('says when the phone is not registered and shows dial errors', async () => {
    h = renderApp({
      state: signedInState({ registration: { state: 'failed', reason: 'timeout' } }),
      handlers: { dial: () => { throw new BridgeError('busy', 'You are already in a call.'); } },
    });
    expect(await screen.findByText('The phone is not registered, so calls cannot ring yet.')).toBeTruthy();
    await h.user.type(screen.getByLabelText('To'), '100');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    expect((await screen.findByRole('alert')).textContent).toContain('You are already in a call.');
  });

  it('outbound: validates E.164, shows the number formatted and dials the compact form', async () => {
    h = renderApp({ state: signedInState() });
    const to = await screen.findByLabelText('To');
    expect(screen.getByRole('form', { name: 'New call' })).toBeTruthy();
    await h.user.type(to, '03 1234 5678');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    expect(h.handlers.dial).not.toHaveBeenCalled();
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Enter the number in international format/)).toBeTruthy();
    await h.user.clear(to);
    await h.user.type(to, '+81 3-1234-5678');
    expect(screen.getByText('Calls +81 3 1234 5678')).toBeTruthy();
    await h.user.keyboard('{Enter}');
    expect(h.handlers.dial).toHaveBeenCalledWith({ target: '+81312345678', priority: 'normal' }, expect.anything());
  });

  it('outbound: the ringing view offers Cancel, which hangs up', async () => {
    h = renderApp({ state: signedInState({ call: makeCall({ callId: 'out-1', direction: 'outbound', phase: 'dialing', customerNumber: '+81312345678' }) }) });
    expect(await screen.findByText('Calling…')).toBeTruthy();
    await h.user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(h.handlers.hangup).toHaveBeenCalledWith({ callId: 'out-1' }, expect.anything());
  });
});
