// @vitest-environment jsdom
// Settings → Video effects (§9.4) in the real App over the fake bridge, with a fake effects service.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { checkBackgroundFile } from '../../effects/background-image.js';
import { createEffectPrefs, EFFECT_STORAGE_KEY } from '../../effects/effect-prefs.js';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';
import type { EffectsService } from './services.js';

let h: Harness | undefined;
cleanupAfterEach();

function fakeEffects() {
  const stop = vi.fn();
  const effects: EffectsService & { saveBackground: ReturnType<typeof vi.fn>; openPreview: ReturnType<typeof vi.fn> } = {
    prefs: createEffectPrefs(localStorage),
    saveBackground: vi.fn(async (file: Blob) => {
      const check = checkBackgroundFile(file);
      return check.ok ? { ok: true as const, id: 'bg-1' } : check;
    }),
    openPreview: vi.fn(async () => ({ getTracks: () => [{ stop }] }) as unknown as MediaStream),
  };
  return { effects, stop };
}

async function openSettings(harness: Harness) {
  await harness.user.click(await screen.findByRole('button', { name: /Profile menu/ }));
  await harness.user.click(screen.getByRole('button', { name: 'Audio and video settings' }));
  const dialog = screen.getByRole('dialog', { name: 'Audio and video settings' });
  return within(dialog).getByRole('group', { name: 'Video effects' }).closest('section') as HTMLElement;
}

const stored = () => JSON.parse(localStorage.getItem(EFFECT_STORAGE_KEY) ?? 'null') as unknown;

describe('Settings → Video effects', () => {
  it('offers None (default), Blur, Face tracking and Custom background, and persists the choice', async () => {
    const { effects } = fakeEffects();
    h = renderApp({ state: signedInState(), extra: { effects } });
    const section = await openSettings(h);
    const radios = within(section).getAllByRole('radio').map((r) => r.getAttribute('value'));
    expect(radios).toEqual(['none', 'blur', 'face-tracking', 'background']);
    expect((within(section).getByRole('radio', { name: 'None' }) as HTMLInputElement).checked).toBe(true);
    await h.user.click(within(section).getByRole('radio', { name: 'Blur' }));
    expect(stored()).toEqual({ effect: 'blur' });
    await h.user.click(within(section).getByRole('radio', { name: 'Face tracking' }));
    expect(stored()).toEqual({ effect: 'face-tracking' });
    expect(within(section).getByText('Applies to your video calls from now on.')).toBeTruthy();
  });

  it('shows the stored choice when opened again (after a restart)', async () => {
    localStorage.setItem(EFFECT_STORAGE_KEY, JSON.stringify({ effect: 'blur' }));
    const { effects } = fakeEffects();
    h = renderApp({ state: signedInState(), extra: { effects } });
    const section = await openSettings(h);
    expect((within(section).getByRole('radio', { name: 'Blur' }) as HTMLInputElement).checked).toBe(true);
  });

  it('Custom background needs an upload: a wrong type is refused with a reason and nothing changes', async () => {
    localStorage.setItem(EFFECT_STORAGE_KEY, JSON.stringify({ effect: 'blur' }));
    const { effects } = fakeEffects();
    h = renderApp({ state: signedInState(), extra: { effects } });
    const section = await openSettings(h);
    await h.user.click(within(section).getByRole('radio', { name: 'Custom background' }));
    // Not saved until an image exists.
    expect(stored()).toEqual({ effect: 'blur' });
    expect(within(section).getByText(/Upload an image to use as your background\./)).toBeTruthy();
    const input = within(section).getByLabelText('Upload background image') as HTMLInputElement;
    expect(input.accept).toBe('image/png,image/jpeg,image/webp');
    // A file picker may still hand over another type ("All files"): the app checks it itself.
    fireEvent.change(input, { target: { files: [new File(['GIF89a'], 'bg.gif', { type: 'image/gif' })] } });
    expect((await within(section).findByRole('alert')).textContent).toBe('Choose a PNG, JPEG or WebP image.');
    expect(stored()).toEqual({ effect: 'blur' });
  });

  it('a valid upload is stored locally and selects the custom background', async () => {
    const { effects } = fakeEffects();
    h = renderApp({ state: signedInState(), extra: { effects } });
    const section = await openSettings(h);
    await h.user.click(within(section).getByRole('radio', { name: 'Custom background' }));
    await h.user.upload(within(section).getByLabelText('Upload background image'), new File([new Uint8Array(2048)], 'bg.png', { type: 'image/png' }));
    expect((await within(section).findByRole('status')).textContent).toBe('Background image saved.');
    expect(effects.saveBackground).toHaveBeenCalledTimes(1);
    expect(stored()).toEqual({ effect: 'background', backgroundId: 'bg-1' });
    // Switching away keeps the image for later.
    await h.user.click(within(section).getByRole('radio', { name: 'None' }));
    expect(stored()).toEqual({ effect: 'none', backgroundId: 'bg-1' });
    await h.user.click(within(section).getByRole('radio', { name: 'Custom background' }));
    expect(stored()).toEqual({ effect: 'background', backgroundId: 'bg-1' });
  });

  it('the live preview opens the camera through the effect and reopens it when the effect changes', async () => {
    const { effects, stop } = fakeEffects();
    h = renderApp({ state: signedInState(), extra: { effects } });
    const section = await openSettings(h);
    await h.user.click(within(section).getByRole('button', { name: 'Show effect preview' }));
    expect(await within(section).findByLabelText('Video effect preview')).toBeTruthy();
    expect(effects.openPreview).toHaveBeenCalledTimes(1);
    await h.user.click(within(section).getByRole('radio', { name: 'Blur' }));
    await vi.waitFor(() => expect(effects.openPreview).toHaveBeenCalledTimes(2));
    expect(stop).toHaveBeenCalledTimes(1);
    await h.user.click(within(section).getByRole('button', { name: 'Hide effect preview' }));
    expect(stop).toHaveBeenCalledTimes(2);
  });

  it('is in the in-call settings side panel too, in Japanese as well', async () => {
    const { effects } = fakeEffects();
    h = renderApp({ state: signedInState({ call: makeCall({ phase: 'active', answeredAt: Date.now(), channel: 'webrtc', video: true }) }), extra: { effects }, locale: 'ja' });
    await h.user.click(await screen.findByRole('button', { name: 'デバイス設定' }));
    const group = screen.getByRole('group', { name: 'ビデオエフェクト' });
    await h.user.click(within(group).getByRole('radio', { name: 'ぼかし' }));
    expect(stored()).toEqual({ effect: 'blur' });
    expect(screen.getByText('この通話にすぐ適用され、今後の通話にも適用されます。')).toBeTruthy();
  });
});
