// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeDevices } from '../../test/fake-devices.js';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';

cleanupAfterEach();

async function openSettings(harness: Harness) {
  await harness.user.click(await screen.findByRole('button', { name: /Profile menu/ }));
  await harness.user.click(screen.getByRole('button', { name: 'Audio and video settings' }));
  return screen.findByRole('dialog', { name: 'Audio and video settings' });
}

describe('audio and video settings', () => {
  it('lists devices with "System default", keeps the choice and closes with Escape back to the menu button', async () => {
    const h = renderApp({ state: signedInState() });
    const dialog = await openSettings(h);
    const mic = within(dialog).getByLabelText('Microphone') as HTMLSelectElement;
    await waitFor(() => expect([...mic.options].map((o) => o.text)).toEqual(['System default', 'Desk microphone', 'Headset microphone']));
    expect(document.activeElement).toBe(mic);
    await h.user.selectOptions(mic, 'Headset microphone');
    await h.user.selectOptions(within(dialog).getByLabelText('Speaker'), 'Headset');
    await h.user.selectOptions(within(dialog).getByLabelText('Camera'), 'Webcam');
    expect(h.devices.prefs()).toEqual({ microphoneId: 'mic-2', speakerId: 'spk-2', cameraId: 'cam-1', ringerId: null });
    await h.user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement?.textContent).toContain('Alice Example');
  });

  it('a separate ringing device: ring on the loudspeaker while call audio stays on the headset', async () => {
    const h = renderApp({ state: signedInState() });
    const dialog = await openSettings(h);
    const ringing = within(dialog).getByLabelText('Ringing device') as HTMLSelectElement;
    await waitFor(() => expect([...ringing.options].map((o) => o.text)).toEqual(['System default', 'Laptop speakers', 'Headset']));
    await h.user.selectOptions(within(dialog).getByLabelText('Speaker'), 'Headset');
    await h.user.selectOptions(ringing, 'Laptop speakers');
    expect(h.devices.prefs()).toMatchObject({ speakerId: 'spk-2', ringerId: 'spk-1' });
    expect(within(dialog).getByText('Incoming calls ring here; call audio uses the speaker above.')).toBeTruthy();
    // Unplugged: the choice shows as System default (what the ringer then uses).
    h.devices.lists = { ...h.devices.lists, speakers: [{ id: 'spk-2', label: 'Headset' }] };
    act(() => h!.devices.fireDeviceChange());
    await waitFor(() => expect([...ringing.options].map((o) => o.text)).toEqual(['System default', 'Headset']));
    expect(ringing.value).toBe('');
  });

  it('a stored device that is not plugged in shows as System default', async () => {
    const h = renderApp({ state: signedInState(), devices: createFakeDevices({ microphoneId: 'gone' }) });
    const dialog = await openSettings(h);
    const mic = within(dialog).getByLabelText('Microphone') as HTMLSelectElement;
    await waitFor(() => expect(mic.options.length).toBe(3));
    expect(mic.value).toBe('');
  });

  it('Test microphone shows a live level meter; Test speaker plays and ends by itself', async () => {
    const h = renderApp({ state: signedInState() });
    const dialog = await openSettings(h);
    await h.user.click(within(dialog).getByRole('button', { name: 'Test microphone' }));
    const meter = await within(dialog).findByRole('meter', { name: 'Microphone level' });
    expect(meter.getAttribute('aria-valuenow')).toBe('0');
    act(() => h!.devices.level(0.42));
    expect(meter.getAttribute('aria-valuenow')).toBe('42');
    await h.user.click(within(dialog).getByRole('button', { name: 'Stop microphone test' }));
    expect(within(dialog).queryByRole('meter')).toBeNull();

    await h.user.click(within(dialog).getByRole('button', { name: 'Test speaker' }));
    expect(h.devices.testSpeakerSpy).toHaveBeenCalledTimes(1);
    expect(within(dialog).getByText('Playing music for 5 seconds…')).toBeTruthy();
    act(() => h!.devices.speakerEnd());
    expect(within(dialog).getByRole('button', { name: 'Test speaker' })).toBeTruthy();
  });

  it('device checks: permission refused shows the §1.5 sentence and how to re-enable', async () => {
    const devices = createFakeDevices();
    devices.checkResults = [
      { id: 'permission', result: 'problem' },
      { id: 'microphonePresent', result: 'ok' },
      { id: 'microphoneLive', result: 'problem', detail: 'NotAllowedError' },
    ];
    const h = renderApp({ state: signedInState(), devices });
    const dialog = await openSettings(h);
    await h.user.click(within(dialog).getByRole('button', { name: 'Run device checks' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Permission to use camera and/or microphone was denied.');
    expect(alert.textContent).toContain('To re-enable it');
    expect(within(dialog).getByText('A microphone is connected').parentElement?.textContent).toContain('OK');
  });

  it('device checks: a microphone held by another program is named', async () => {
    const devices = createFakeDevices();
    devices.checkResults = [{ id: 'permission', result: 'ok' }, { id: 'microphoneLive', result: 'problem', detail: 'inUse' }];
    const h = renderApp({ state: signedInState(), devices });
    const dialog = await openSettings(h);
    await h.user.click(within(dialog).getByRole('button', { name: 'Run device checks' }));
    expect(await within(dialog).findByText('Another program is using the microphone.')).toBeTruthy();
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('in a call, "Device settings" opens the side panel; a switch applies at once', async () => {
    const h = renderApp({ state: signedInState({ call: makeCall({ phase: 'active', answeredAt: Date.now() }) }) });
    const button = await screen.findByRole('button', { name: 'Device settings' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await h.user.click(button);
    const panel = screen.getByRole('complementary', { name: 'Device settings' });
    expect(within(panel).getByText('Changes apply to this call at once.')).toBeTruthy();
    const speaker = within(panel).getByLabelText('Speaker') as HTMLSelectElement;
    await waitFor(() => expect(speaker.options.length).toBe(3));
    await h.user.selectOptions(speaker, 'Laptop speakers');
    expect(h.devices.prefs().speakerId).toBe('spk-1');
    // No camera in an audio call's panel.
    expect(within(panel).queryByLabelText('Camera')).toBeNull();
  });

  it('hot-plug: the lists follow plugged and removed devices', async () => {
    const h = renderApp({ state: signedInState() });
    const dialog = await openSettings(h);
    const mic = within(dialog).getByLabelText('Microphone') as HTMLSelectElement;
    await waitFor(() => expect(mic.options.length).toBe(3));
    h.devices.lists = { ...h.devices.lists, microphones: [{ id: 'mic-3', label: 'USB microphone' }] };
    act(() => h!.devices.fireDeviceChange());
    await waitFor(() => expect([...mic.options].map((o) => o.text)).toEqual(['System default', 'USB microphone']));
  });

  it('is translated', async () => {
    const h = renderApp({ state: signedInState(), locale: 'ja' });
    await h.user.click(await screen.findByRole('button', { name: /プロフィールメニュー/ }));
    await h.user.click(screen.getByRole('button', { name: 'オーディオとビデオの設定' }));
    const dialog = await screen.findByRole('dialog', { name: 'オーディオとビデオの設定' });
    expect(within(dialog).getByLabelText('マイク')).toBeTruthy();
    expect(within(dialog).getByLabelText('着信音の出力先')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'スピーカーをテスト' })).toBeTruthy();
  });
});
