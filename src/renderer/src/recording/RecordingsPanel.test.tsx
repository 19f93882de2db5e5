// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordingItem } from '../../../shared/recording-api.js';
import type { RecordingProgress } from '../../../shared/recording-bridge.js';
import { RecordingsPanel, type RecordingsApi } from './RecordingsPanel.js';

afterEach(() => { cleanup(); vi.restoreAllMocks(); });
// jsdom has no media playback.
beforeEach(() => {
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve());
});

const item = (id: string, leg: RecordingItem['leg'], mimeType = 'audio/webm'): RecordingItem => ({
  id, userId: 'u', fileName: `conv_Alice_Bob_20260101000000.${leg}.webm`, mimeType, conversationId: 'conv', callId: 'call',
  agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190', direction: 'inbound', leg, startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:01:00.000Z', size: 3, sha256: 'x', uploadedAt: '2026-01-01T00:02:00.000Z', sftp: 'none',
});

function fakeApi(items: RecordingItem[]) {
  let progress: ((p: RecordingProgress) => void) | undefined;
  const api = {
    listServerRecordings: vi.fn(async () => ({ recordings: items })),
    listLocalRecordings: vi.fn(async () => ({ recordings: [{ legId: 'L', callId: 'c', fileName: 'pending.webm', leg: 'agent' as const, state: 'ready' as const, bytes: 100, attempts: 0, lastError: null, nextAttemptAt: 0 }] })),
    getRecordingContent: vi.fn(async () => ({ mimeType: 'audio/webm', data: btoa('abc') })),
    deleteServerRecording: vi.fn(async ({ id }: { id: string }) => { items.splice(items.findIndex((i) => i.id === id), 1); }),
    retryRecordingUploads: vi.fn(async () => undefined),
    on: vi.fn((_e: string, l: (p: RecordingProgress) => void) => { progress = l; return () => undefined; }),
  };
  return { api: api as unknown as RecordingsApi, raw: api, emit: (p: RecordingProgress) => progress?.(p) };
}

const urls = { create: vi.fn(() => 'blob:x'), revoke: vi.fn() };

describe('RecordingsPanel', () => {
  it('lists each leg, plays one with controls and its metadata, and closes', async () => {
    const { api, raw } = fakeApi([item('1', 'agent'), item('2', 'customer')]);
    render(<RecordingsPanel api={api} canDelete={false} conversationId="conv" objectUrls={urls} />);
    await screen.findByText('conv_Alice_Bob_20260101000000.customer.webm');
    expect(raw.listServerRecordings).toHaveBeenCalledWith({ conversationId: 'conv' });
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull(); // agents never delete
    await userEvent.click(screen.getByRole('button', { name: 'Play conv_Alice_Bob_20260101000000.customer.webm' }));
    const player = await screen.findByRole('region', { name: 'conv_Alice_Bob_20260101000000.customer.webm' });
    const audio = player.querySelector('audio');
    expect(audio?.getAttribute('src')).toBe('blob:x');
    expect(player.querySelector('video')).toBeNull(); // audio: no full-screen button either
    expect(screen.queryByRole('button', { name: 'Full screen' })).toBeNull();
    const details = player.querySelector('dl[aria-label="Details"]')!;
    expect(details.textContent).toContain('+8190');
    expect(details.textContent).toContain('Customer');
    expect(details.textContent).toContain('Inbound');
    expect(details.textContent).toContain('call');
    for (const name of ['Play', 'Mute', 'Close']) expect(screen.getByRole('button', { name })).toBeTruthy();
    for (const name of ['Position', 'Volume']) expect(screen.getByRole('slider', { name })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'conv_Alice_Bob_20260101000000.customer.webm' })).toBeNull();
    expect(urls.revoke).toHaveBeenCalledWith('blob:x');
  });

  it('supervisors delete a single leg after confirming; upload progress is shown', async () => {
    const { api, raw, emit } = fakeApi([item('1', 'agent'), item('2', 'customer')]);
    render(<RecordingsPanel api={api} canDelete objectUrls={urls} confirm={() => true} />);
    await screen.findByText('pending.webm — Queued');
    emit({ legId: 'L', fileName: 'pending.webm', sentBytes: 50, totalBytes: 100, state: 'uploading' });
    await screen.findByText('pending.webm — Uploading 50%');
    await userEvent.click(screen.getByRole('button', { name: 'Delete conv_Alice_Bob_20260101000000.customer.webm' }));
    await waitFor(() => expect(screen.queryByText('conv_Alice_Bob_20260101000000.customer.webm')).toBeNull());
    expect(raw.deleteServerRecording).toHaveBeenCalledWith({ id: '2' });
    expect(screen.getByText('conv_Alice_Bob_20260101000000.agent.webm')).toBeTruthy();
  });

  it('downloads one file with its CSV, never deleting anything', async () => {
    const { api, raw } = fakeApi([item('1', 'agent'), item('2', 'customer')]);
    const saved: { name: string; text: string; type: string }[] = [];
    // jsdom's Blob has no text(): read it the old way.
    const save = vi.fn((blob: Blob, name: string) => {
      const r = new FileReader();
      r.onload = () => saved.push({ name, text: String(r.result), type: blob.type });
      r.readAsText(blob);
    });
    render(<RecordingsPanel api={api} canDelete={false} objectUrls={urls} save={save} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Download conv_Alice_Bob_20260101000000.agent.webm' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(raw.getRecordingContent).toHaveBeenCalledWith({ id: '1' });
    expect(saved[0]).toEqual({ name: 'conv_Alice_Bob_20260101000000.agent.webm', text: 'abc', type: 'audio/webm' });
    expect(saved[1]!.name).toBe('conv_Alice_Bob_20260101000000.agent.csv');
    expect(saved[1]!.text.split('\r\n')[1]).toBe('Alice,Bob,+8190,conv,call,2026-01-01T00:00:00.000Z,2026-01-01T00:01:00.000Z,agent,inbound,conv_Alice_Bob_20260101000000.agent.webm');
    expect(raw.deleteServerRecording).not.toHaveBeenCalled();
  });

  it('speaks Japanese: list, player and details', async () => {
    const { api } = fakeApi([item('2', 'merged')]);
    render(<RecordingsPanel api={api} canDelete objectUrls={urls} locale="ja" confirm={() => false} />);
    expect(await screen.findByRole('region', { name: '録音' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'conv_Alice_Bob_20260101000000.merged.webm を削除' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'conv_Alice_Bob_20260101000000.merged.webm を再生' }));
    await screen.findByRole('slider', { name: '再生位置' });
    for (const name of ['再生', 'ミュート', '閉じる']) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(screen.getByRole('slider', { name: '音量' })).toBeTruthy();
    expect(screen.getAllByText('両方 (ステレオ)').length).toBeGreaterThan(0);
    expect(screen.getByText('着信')).toBeTruthy();
  });
});
