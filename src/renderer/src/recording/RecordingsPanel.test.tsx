// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordingItem } from '../../../shared/recording-api.js';
import type { RecordingProgress } from '../../../shared/recording-bridge.js';
import { RecordingsPanel, type RecordingsApi } from './RecordingsPanel.js';

afterEach(cleanup);

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
    expect(audio?.hasAttribute('controls')).toBe(true);
    expect(player.textContent).toContain('+8190');
    expect(player.textContent).toContain('Customer');
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
});
