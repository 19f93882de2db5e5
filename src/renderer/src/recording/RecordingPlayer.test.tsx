// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { translate } from '../i18n/i18n.js';
import { clock, RecordingPlayer } from './RecordingPlayer.js';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);

// jsdom has no media playback: play/pause fire the events a browser would, and positions are remembered.
beforeEach(() => {
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    Object.defineProperty(this, 'paused', { value: false, configurable: true });
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  });
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
    Object.defineProperty(this, 'paused', { value: true, configurable: true });
    this.dispatchEvent(new Event('pause'));
  });
});
afterEach(() => { cleanup(); vi.restoreAllMocks(); });

const media = (kind: 'audio' | 'video') => document.querySelector(kind) as HTMLMediaElement;
function track(el: HTMLMediaElement) {
  let current = 0;
  Object.defineProperty(el, 'currentTime', { get: () => current, set: (v: number) => { current = v; }, configurable: true });
  Object.defineProperty(el, 'duration', { value: 65, configurable: true });
  return { at: (s: number) => { current = s; el.dispatchEvent(new Event('timeupdate')); }, get current() { return current; } };
}

describe('RecordingPlayer', () => {
  it('formats positions', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65.9)).toBe('1:05');
    expect(clock(3725)).toBe('1:02:05');
    expect(clock(Number.NaN)).toBe('0:00');
  });

  it('play/pause, seek by dragging, volume and mute, close', async () => {
    const onClose = vi.fn();
    render(<RecordingPlayer url="blob:a" video={false} label="a.webm" fallbackSeconds={60} t={t} onClose={onClose} />);
    const el = media('audio');
    const pos = track(el);
    Object.defineProperty(el, 'paused', { value: true, configurable: true });
    await userEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(el.play).toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();

    // The metadata length is used until the media knows its own.
    const slider = screen.getByRole('slider', { name: 'Position' });
    expect(slider.getAttribute('max')).toBe('60');
    act(() => pos.at(10));
    expect(slider.getAttribute('max')).toBe('65');
    expect(slider.getAttribute('aria-valuetext')).toBe('0:10 of 1:05');

    // Dragging: the thumb follows the pointer, playback updates do not pull it back until release.
    fireEvent.pointerDown(slider);
    fireEvent.change(slider, { target: { value: '40' } });
    expect(pos.current).toBe(40);
    act(() => pos.at(12));
    expect((slider as HTMLInputElement).value).toBe('40');
    fireEvent.pointerUp(slider);
    act(() => pos.at(41));
    expect((slider as HTMLInputElement).value).toBe('41');

    // Keyboard seeking works on the same slider.
    slider.focus();
    fireEvent.change(slider, { target: { value: '5' } });
    expect(pos.current).toBe(5);

    const volume = screen.getByRole('slider', { name: 'Volume' });
    fireEvent.change(volume, { target: { value: '0.35' } });
    expect(el.volume).toBeCloseTo(0.35);
    await userEvent.click(screen.getByRole('button', { name: 'Mute' }));
    expect(el.muted).toBe(true);
    expect(screen.getByRole('button', { name: 'Unmute' })).toBeTruthy();
    expect(volume.getAttribute('aria-valuetext')).toBe('0%');
    // Raising the volume unmutes.
    fireEvent.change(volume, { target: { value: '0.5' } });
    expect(el.muted).toBe(false);
    expect(screen.getByRole('button', { name: 'Mute' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Full screen' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('video: full screen on the player frame and back', async () => {
    let fsElement: Element | null = null;
    Object.defineProperty(document, 'fullscreenElement', { get: () => fsElement, configurable: true });
    const request = vi.fn(function (this: Element) { fsElement = document.querySelector('.player-frame'); document.dispatchEvent(new Event('fullscreenchange')); return Promise.resolve(); });
    const exit = vi.fn(() => { fsElement = null; document.dispatchEvent(new Event('fullscreenchange')); return Promise.resolve(); });
    Object.defineProperty(HTMLElement.prototype, 'requestFullscreen', { value: request, configurable: true });
    Object.defineProperty(document, 'exitFullscreen', { value: exit, configurable: true });
    const onClose = vi.fn();
    render(<RecordingPlayer url="blob:v" video label="v.webm" fallbackSeconds={5} t={t} onClose={onClose} />);
    expect(media('video')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Full screen' }));
    expect(request).toHaveBeenCalled();
    expect((request.mock.contexts[0] as Element).contains(media('video'))).toBe(true);
    expect(screen.getByRole('button', { name: 'Exit full screen' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Exit full screen' }));
    expect(exit).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Full screen' })).toBeTruthy();
    // Closing while full screen leaves full screen too.
    await userEvent.click(screen.getByRole('button', { name: 'Full screen' }));
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(exit).toHaveBeenCalledTimes(2);
    expect(onClose).toHaveBeenCalled();
    delete (HTMLElement.prototype as { requestFullscreen?: unknown }).requestFullscreen;
    delete (document as { exitFullscreen?: unknown }).exitFullscreen;
    delete (document as { fullscreenElement?: unknown }).fullscreenElement;
  });
});
