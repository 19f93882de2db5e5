// The writer's decisions with injected faults (the real-disk version is test/integration/recording-disk-full.test.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheWriter } from './cache-writer.js';
import { RecordingCache, type StartRecordingInput } from './recording-cache.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const fault = (code: string) => Object.assign(new Error(code), { code });
const input: StartRecordingInput = {
  callId: 'c', conversationId: 'v', agentName: 'A', endUserName: null, endUserPhone: null, direction: 'inbound', startedAt: 0,
  mimeType: 'audio/webm', plan: { video: false, composition: 'merged', legs: ['merged'] },
};

function setup(o: { refuseOpen?: boolean; max?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cache-writer-'));
  dirs.push(dir);
  let refuseOpen = o.refuseOpen ?? false;
  let refuseWrites = false;
  const events: string[] = [];
  let cache: RecordingCache | undefined;
  const writer = new CacheWriter({
    retryMs: 60_000, // retried by hand in these tests
    maxBufferedBytes: o.max,
    open: () => {
      if (refuseOpen) throw fault('EROFS');
      cache = new RecordingCache(dir);
      const real = cache.appendChunk.bind(cache);
      cache.appendChunk = (...args) => { if (refuseWrites) throw fault('ENOSPC'); return real(...args); };
      return cache;
    },
    onFault: (k) => events.push(`fault:${k}`),
    onRecovered: () => events.push('recovered'),
    onOverflow: (leg) => events.push(`overflow:${leg}`),
  });
  return {
    writer, events, cache: () => cache!,
    /** The disk refuses chunk writes (full) / opening the index (read-only) until set back. */
    refuse: (writes: boolean, open = false) => { refuseWrites = writes; refuseOpen = open; },
  };
}

describe('CacheWriter', () => {
  it('writes straight through while the disk takes it', () => {
    const { writer, events, cache } = setup();
    const rec = writer.start(input);
    const leg = rec.legs[0]!.legId;
    expect(writer.append(leg, 0, Buffer.from('ab'))).toEqual({ chunkCount: 1 });
    expect(cache().leg(leg)).toMatchObject({ chunk_count: 1, bytes: 2 });
    expect(writer.bufferedBytes).toBe(0);
    expect(events).toEqual([]);
    writer.close();
  });

  it('queues in order behind a refused write, keeps the index behind the queue, and replays it all on recovery', () => {
    const { writer, events, refuse, cache } = setup();
    const leg = writer.start(input).legs[0]!.legId;
    writer.append(leg, 0, Buffer.from('a'));
    refuse(true);
    writer.append(leg, 1, Buffer.from('b')); // refused → queued
    writer.append(leg, 2, Buffer.from('c')); // queued behind it
    expect(writer.append(leg, 1, Buffer.from('b'))).toEqual({ chunkCount: 3 }); // a repeat is ignored
    expect(() => writer.append(leg, 7, Buffer.from('x'))).toThrow(/expected chunk 3/);
    writer.finishLeg(leg); // sealing waits behind the chunks
    expect(writer.legOpen(leg)).toBe(false);
    expect(() => writer.append(leg, 3, Buffer.from('d'))).toThrow(/already finished/);
    expect(events).toEqual(['fault:full']);
    expect(cache().leg(leg)).toMatchObject({ chunk_count: 1, state: 'recording' });
    expect(writer.bufferedBytes).toBe(2);
    expect(writer.flush()).toBe(false); // still full
    refuse(false);
    expect(writer.flush()).toBe(true);
    expect(events).toEqual(['fault:full', 'recovered']);
    expect(cache().leg(leg)).toMatchObject({ chunk_count: 3, state: 'ready' });
    expect(readFileSync(cache().filePath(leg), 'utf8')).toBe('abc');
    writer.close();
  });

  it('starts a recording while the folder cannot even be opened; everything is written once it can', () => {
    const { writer, events, refuse, cache } = setup({ refuseOpen: true });
    writer.finaliseInterrupted(); // start-up
    const rec = writer.start(input); // ids are decided in memory
    const leg = rec.legs[0]!.legId;
    expect(writer.legOpen(leg)).toBe(true);
    writer.append(leg, 0, Buffer.from('x'));
    writer.append(leg, 1, Buffer.from('y'));
    writer.finishRecording(rec.recordingId, 1000, [leg]);
    expect(writer.legOpen(leg)).toBe(false);
    expect(writer.current()).toBeNull();
    expect(events).toEqual(['fault:unwritable']);
    refuse(false, false);
    expect(writer.flush()).toBe(true);
    expect(cache().legsOf(rec.recordingId)[0]).toMatchObject({ state: 'ready', bytes: 2 });
    expect(events).toEqual(['fault:unwritable', 'recovered']);
    writer.close();
  });

  it('past the memory bound a leg stops at its last kept chunk; other errors are not swallowed', () => {
    const { writer, events, refuse, cache } = setup({ max: 5 });
    const leg = writer.start(input).legs[0]!.legId;
    refuse(true);
    writer.append(leg, 0, Buffer.from('abc'));
    writer.append(leg, 1, Buffer.from('de'));
    expect(writer.append(leg, 2, Buffer.from('f'))).toEqual({ chunkCount: 3 }); // accepted, dropped
    expect(writer.append(leg, 3, Buffer.from('g'))).toEqual({ chunkCount: 4 });
    expect(events).toEqual(['fault:full', `overflow:${leg}`]);
    refuse(false);
    writer.finishLeg(leg);
    expect(writer.flush()).toBe(true);
    expect(readFileSync(cache().filePath(leg), 'utf8')).toBe('abcde');
    expect(() => writer.append('no-such-leg', 0, Buffer.from('x'))).toThrow(/No recording leg/);
    writer.close();
  });
});
