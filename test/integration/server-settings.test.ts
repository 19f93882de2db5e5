// Supervisor settings with the real companion: ring timeout limits, waiting strategies, hold configurations,
// audio uploads validated by content, transfer/trunk options — each with its validation message and role check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { MAX_WAIT_MESSAGE, REPEAT_MESSAGE } from '../../src/shared/companion-cc.js';
import { RING_TIMEOUT_MESSAGE, WRAPUP_SECONDS_MESSAGE } from '../../src/shared/companion-admin.js';
import { api, login } from '../support/companion-api.js';

type Err = { error: { code: string; message: string } };

async function upload(base: string, token: string, name: string, body: Uint8Array) {
  const res = await fetch(`${base}/api/audio?name=${encodeURIComponent(name)}`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body),
  });
  return { status: res.status, body: await res.json() as { id?: string } & Partial<Err> };
}

const wav = () => {
  const b = new Uint8Array(1024);
  b.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
  b.set([...'WAVEfmt '].map((c) => c.charCodeAt(0)), 8);
  return b;
};

describe('supervisor settings', () => {
  let c: CompanionHandle;
  let sam = '';
  let alice = '';
  beforeAll(async () => {
    c = await startCompanion({ dataDir: mkdtempSync(path.join(tmpdir(), 'companion-settings-')) });
    sam = await login(c.url, 'sam');
    alice = await login(c.url, 'alice');
  });
  afterAll(() => c?.close());

  it('ring timeout: 2 and 61 rejected with a clear message, 3 and 60 accepted', async () => {
    for (const v of [2, 61, 3.5]) {
      const r = await api<Err>(c.url, 'PUT', '/api/settings/routing', sam, { ringTimeoutSeconds: v });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBe(RING_TIMEOUT_MESSAGE);
    }
    for (const v of [3, 60]) expect((await api(c.url, 'PUT', '/api/settings/routing', sam, { ringTimeoutSeconds: v })).status).toBe(200);
  });

  // Every numeric settings limit at its boundaries: just outside is refused with the limit's own message (and
  // nothing is stored), the boundary itself is accepted (ring timeout: the test above).
  // [name, method, route, body for a value, message, refused values, accepted values]
  const TRUNK_PORT_MESSAGE = 'The trunk port must be a whole number between 1 and 65535.';
  const RATE_MESSAGE = 'Speech rate must be between 0.5 and 2.';
  const hold = (over: object) => ({ enabled: true, musicAudioId: null, announcement: { enabled: false, source: null }, repeatSeconds: 10, ...over });
  const tts = (rate: number) => ({ enabled: true, source: { kind: 'tts', text: 'Hello', language: 'en-US', voice: 'default', rate } });
  const LIMITS: Array<[string, string, string, (v: number) => unknown, string, number[], number[]]> = [
    ['wrap-up duration', 'PUT', '/api/settings/wrapup', (v) => ({ enabled: true, seconds: v, allowExtension: true }), WRAPUP_SECONDS_MESSAGE, [0, 3601, 1.5], [1, 3600]],
    ['agent wrap-up override', 'PUT', '/api/agents/alice/wrapup', (v) => ({ mode: 'custom', seconds: v }), WRAPUP_SECONDS_MESSAGE, [0, 3601], [1, 3600]],
    ['hold repeat', 'PUT', '/api/settings/hold/default', (v) => hold({ repeatSeconds: v }), REPEAT_MESSAGE, [4, 601], [5, 600]],
    ['queue hold repeat', 'PUT', '/api/queues/support/hold', (v) => hold({ enabled: false, repeatSeconds: v }), REPEAT_MESSAGE, [4, 601], [5, 600]],
    ['hold announcement speech rate', 'PUT', '/api/settings/hold/default', (v) => hold({ announcement: tts(v) }), RATE_MESSAGE, [0.4, 2.1], [0.5, 2]],
    ['waiting-strategy announcement repeat', 'POST', '/api/settings/waiting-strategies', (v) => strategy({ announcement: { ...tts(1), repeatSeconds: v } }), REPEAT_MESSAGE, [4, 601], [5, 600]],
    ['waiting-strategy maximum wait', 'POST', '/api/settings/waiting-strategies', (v) => strategy({ maxWaitSeconds: v }), MAX_WAIT_MESSAGE, [9, 3601], [10, 3600]],
    ['trunk port', 'PUT', '/api/settings/trunk', (v) => ({ trunk: { host: '127.0.0.1', port: v } }), TRUNK_PORT_MESSAGE, [0, 65536], [1, 65535]],
  ];
  it.each(LIMITS)('%s: outside the limit refused with its message, the boundaries accepted', async (_name, method, route, body, message, bad, good) => {
    // What a PUT route stores is read back from its GET (the agent override shows in /api/agents).
    const readBack = route === '/api/agents/alice/wrapup' ? '/api/agents' : route;
    const before = method === 'PUT' ? (await api(c.url, 'GET', readBack, sam)).body : undefined;
    for (const v of bad) {
      const r = await api<Err>(c.url, method, route, sam, body(v));
      expect(r.status, `${route} ${v}`).toBe(400);
      expect(r.body.error.message).toBe(message);
    }
    if (before !== undefined) expect((await api(c.url, 'GET', readBack, sam)).body).toEqual(before);
    for (const v of good) {
      const r = await api<{ id?: string }>(c.url, method, route, sam, body(v));
      expect(r.status, `${route} ${v}`).toBeLessThan(300);
      if (method === 'POST' && r.body.id) await api(c.url, 'DELETE', `${route}/${r.body.id}`, sam);
    }
  });

  const strategy = (over: object = {}) => ({
    name: 'Default', appliesTo: ['support'], maxWaitSeconds: 300,
    greeting: { enabled: true, source: { kind: 'tts', text: 'お電話ありがとうございます。', language: 'ja-JP' } },
    musicOnHold: { enabled: false, audioId: null },
    announcement: { enabled: false, source: null },
    maxWaitMessage: { enabled: false, source: null },
    ...over,
  });

  it('waiting strategies: limits and messages, create/update/delete, agents refused', async () => {
    for (const v of [9, 3601]) {
      const r = await api<Err>(c.url, 'POST', '/api/settings/waiting-strategies', sam, strategy({ maxWaitSeconds: v }));
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBe(MAX_WAIT_MESSAGE);
    }
    const noSource = await api<Err>(c.url, 'POST', '/api/settings/waiting-strategies', sam, strategy({ announcement: { enabled: true, source: null } }));
    expect(noSource.body.error.message).toBe('An enabled message needs text-to-speech or an audio file.');
    const missingFile = await api<Err>(c.url, 'POST', '/api/settings/waiting-strategies', sam, strategy({ musicOnHold: { enabled: true, audioId: 'nope' } }));
    expect(missingFile.body.error.message).toBe('There is no uploaded audio file "nope".');
    expect((await api(c.url, 'POST', '/api/settings/waiting-strategies', alice, strategy())).status).toBe(403);

    const created = await api<{ id: string; maxWaitSeconds: number }>(c.url, 'POST', '/api/settings/waiting-strategies', sam, strategy({ maxWaitSeconds: 10 }));
    expect(created.status).toBe(201);
    const updated = await api<{ maxWaitSeconds: number }>(c.url, 'PUT', `/api/settings/waiting-strategies/${created.body.id}`, sam, strategy({ maxWaitSeconds: 3600 }));
    expect(updated.body.maxWaitSeconds).toBe(3600);
    expect((await api<{ strategies: unknown[] }>(c.url, 'GET', '/api/settings/waiting-strategies', sam)).body.strategies).toHaveLength(1);
    expect((await api(c.url, 'DELETE', `/api/settings/waiting-strategies/${created.body.id}`, sam)).status).toBe(204);
  });

  it('audio uploads: ≤ 4 MB of the listed types, checked by content', async () => {
    const ok = await upload(c.url, sam, 'music.wav', wav());
    expect(ok.status).toBe(201);
    const fake = await upload(c.url, sam, 'music.mp3', new TextEncoder().encode('<html>not audio</html>'));
    expect(fake.status).toBe(400);
    expect(fake.body.error?.message).toBe('The file content does not match its type: upload a real audio file.');
    expect((await upload(c.url, sam, 'music.ogg', wav())).body.error?.message).toBe('Upload an audio file of type .mp2, .mp3, .ircam, .m4a, .m4r, .voc, .vox or .wav.');
    const big = new Uint8Array(4 * 1024 * 1024 + 1);
    big.set(wav());
    expect((await upload(c.url, sam, 'big.wav', big)).body.error?.message).toBe('Audio files must be at most 4 MB.');
    expect((await upload(c.url, alice, 'music.wav', wav())).status).toBe(403);

    // The uploaded file can be used for hold music; a queue without its own configuration uses the default.
    const hold = { enabled: true, musicAudioId: ok.body.id, announcement: { enabled: false, source: null }, repeatSeconds: 10 };
    expect((await api(c.url, 'PUT', '/api/settings/hold/default', sam, hold)).status).toBe(200);
    expect((await api<{ musicAudioId: string }>(c.url, 'GET', '/api/queues/support/hold', alice)).body.musicAudioId).toBe(ok.body.id);
    const badRepeat = await api<Err>(c.url, 'PUT', '/api/queues/support/hold', sam, { ...hold, repeatSeconds: 1 });
    expect(badRepeat.body.error.message).toBe('Repeat interval must be a whole number of seconds between 5 and 600.');
    expect((await api(c.url, 'PUT', '/api/queues/support/hold', sam, { ...hold, musicAudioId: null })).status).toBe(200);
    expect((await api<{ musicAudioId: string | null }>(c.url, 'GET', '/api/queues/support/hold', alice)).body.musicAudioId).toBeNull();
    // Disabled queue configuration → the default is used again.
    expect((await api(c.url, 'PUT', '/api/queues/support/hold', sam, { ...hold, enabled: false, musicAudioId: null })).status).toBe(200);
    expect((await api<{ musicAudioId: string | null }>(c.url, 'GET', '/api/queues/support/hold', alice)).body.musicAudioId).toBe(ok.body.id);
    expect((await api<{ files: unknown[] }>(c.url, 'GET', '/api/audio', sam)).body.files).toHaveLength(1);
  });

  it('serves the OpenAPI document without a token', async () => {
    const r = await api<{ openapi: string; paths: Record<string, unknown> }>(c.url, 'GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths)).toContain('/api/settings/waiting-strategies');
  });

  it('every settings route needs a token and a supervisor', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/settings/waiting-strategies'], ['POST', '/api/settings/waiting-strategies'], ['PUT', '/api/settings/waiting-strategies/x'],
      ['DELETE', '/api/settings/waiting-strategies/x'], ['GET', '/api/settings/hold/default'], ['PUT', '/api/settings/hold/default'],
      ['PUT', '/api/queues/support/hold'], ['GET', '/api/audio'], ['GET', '/api/settings/trunk'], ['PUT', '/api/settings/trunk'],
    ];
    for (const [m, r] of routes) {
      const body = m === 'GET' || m === 'DELETE' ? undefined : {};
      expect((await api(c.url, m, r, undefined, body)).status, `${m} ${r}`).toBe(401);
      expect((await api(c.url, m, r, alice, body)).status, `${m} ${r}`).toBe(403);
    }
  });
});
