import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECORDING_SETTINGS, RecordingPlanBook, effectiveRecordingSettings, planRecording, settingsChangeError,
  type RecordingOverride, type RecordingSettings,
} from './recording-policy.js';

const org = (p: Partial<RecordingSettings>): RecordingSettings => ({ ...DEFAULT_RECORDING_SETTINGS, enabled: true, ...p });

describe('recording policy matrix (org × agent override × direction)', () => {
  const cases: [string, RecordingSettings, RecordingOverride | null, 'inbound' | 'outbound', boolean][] = [
    ['org on, both, inbound', org({}), null, 'inbound', true],
    ['org on, both, outbound', org({}), null, 'outbound', true],
    ['org inbound only, inbound', org({ directions: 'inbound' }), null, 'inbound', true],
    ['org inbound only, outbound', org({ directions: 'inbound' }), null, 'outbound', false],
    ['org outbound only, inbound', org({ directions: 'outbound' }), null, 'inbound', false],
    ['org outbound only, outbound', org({ directions: 'outbound' }), null, 'outbound', true],
    ['org off, no override', org({ enabled: false }), null, 'inbound', false],
    ['org off, agent on', org({ enabled: false }), { enabled: true }, 'inbound', true],
    ['org on, agent off', org({}), { enabled: false }, 'outbound', false],
    ['org inbound, agent outbound: outbound', org({ directions: 'inbound' }), { directions: 'outbound' }, 'outbound', true],
    ['org inbound, agent outbound: inbound', org({ directions: 'inbound' }), { directions: 'outbound' }, 'inbound', false],
    ['org both, agent inbound: outbound', org({}), { directions: 'inbound' }, 'outbound', false],
    ['empty override = org', org({ directions: 'outbound' }), {}, 'outbound', true],
  ];
  it.each(cases)('%s', (_name, o, override, direction, recorded) => {
    const plan = planRecording(effectiveRecordingSettings(o, override), { direction, hasVideo: false });
    expect(plan !== null).toBe(recorded);
  });

  const shapes: [string, Partial<RecordingSettings>, boolean, { video: boolean; legs: string[] }][] = [
    ['separate audio call', { composition: 'separate' }, false, { video: false, legs: ['agent', 'customer'] }],
    ['merged audio call', { composition: 'merged' }, false, { video: false, legs: ['merged'] }],
    ['video call, audio-only policy', { video: 'audio-only' }, true, { video: false, legs: ['agent', 'customer'] }],
    ['video call, video policy', { video: 'video-and-audio' }, true, { video: true, legs: ['agent', 'customer'] }],
    ['audio call, video policy', { video: 'video-and-audio' }, false, { video: false, legs: ['agent', 'customer'] }],
    ['video call, merged video policy', { video: 'video-and-audio', composition: 'merged' }, true, { video: true, legs: ['merged'] }],
  ];
  it.each(shapes)('%s', (_n, p, hasVideo, expected) => {
    expect(planRecording(org(p), { direction: 'inbound', hasVideo })).toMatchObject(expected);
  });
});

describe('decision at call start', () => {
  it('a recorded call stays recorded after the toggle goes off; a call started while off stays unrecorded', () => {
    const book = new RecordingPlanBook();
    expect(book.start('c1', org({}), { direction: 'inbound', hasVideo: false })).not.toBeNull();
    // Toggle switched off mid-call: the first decision stands.
    expect(book.start('c1', org({ enabled: false }), { direction: 'inbound', hasVideo: false })).not.toBeNull();
    expect(book.planFor('c1')).not.toBeNull();
    expect(book.start('c2', org({ enabled: false }), { direction: 'inbound', hasVideo: false })).toBeNull();
    // Switched back on mid-call: c2 still not recorded.
    expect(book.start('c2', org({}), { direction: 'inbound', hasVideo: false })).toBeNull();
    book.end('c1');
    expect(book.planFor('c1')).toBeNull();
  });

  it('settings change only while the toggle is off', () => {
    const on = org({});
    expect(settingsChangeError(on, { ...on, composition: 'merged' })).toMatch(/Turn recording off/);
    expect(settingsChangeError(on, { ...on, enabled: false })).toBeNull();
    const off = org({ enabled: false });
    expect(settingsChangeError(off, { ...off, composition: 'merged' })).toBeNull();
    expect(settingsChangeError(off, { ...off, composition: 'merged', enabled: true })).toMatch(/composition/);
  });
});
