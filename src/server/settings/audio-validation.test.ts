import { describe, expect, it } from 'vitest';
import { AUDIO_CONTENT_MESSAGE, AUDIO_MAX_BYTES, AUDIO_TOO_LARGE_MESSAGE, AUDIO_TYPE_MESSAGE, checkAudioUpload } from './audio-validation.js';

const bytes = (...parts: Array<string | number[]>) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p));
  return new Uint8Array([...out, ...new Array(64).fill(0)]);
};
const wav = bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ');
const mp3Frame = bytes([0xff, 0xfb, 0x90, 0x00]);
const mp3Id3 = bytes('ID3', [4, 0, 0, 0, 0, 0, 4], [0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x00]);
const mp2Frame = bytes([0xff, 0xfd, 0x90, 0x00]);
const m4a = bytes([0, 0, 0, 0x20], 'ftypM4A ');
const voc = bytes('Creative Voice File\x1a', [0x1a, 0x00]);
const ircam = bytes([0x64, 0xa3, 0x02, 0x00]);

describe('checkAudioUpload', () => {
  it.each<[string, Uint8Array, string | true]>([
    ['a.wav', wav, true],
    ['a.WAV', wav, true],
    ['a.mp3', mp3Frame, true],
    ['a.mp3', mp3Id3, true],
    ['a.mp2', mp2Frame, true],
    ['a.m4a', m4a, true],
    ['a.m4r', m4a, true],
    ['a.voc', voc, true],
    ['a.ircam', ircam, true],
    ['a.vox', bytes([1, 2, 3]), true], // headerless: accepted by extension and size only
    ['a.wav', mp3Frame, AUDIO_CONTENT_MESSAGE],
    ['a.mp3', wav, AUDIO_CONTENT_MESSAGE],
    ['a.mp2', mp3Frame, AUDIO_CONTENT_MESSAGE],
    ['a.m4a', bytes('<html>'), AUDIO_CONTENT_MESSAGE],
    ['a.voc', wav, AUDIO_CONTENT_MESSAGE],
    ['a.ircam', wav, AUDIO_CONTENT_MESSAGE],
    ['a.wav', new Uint8Array(), AUDIO_CONTENT_MESSAGE],
    ['a.ogg', wav, AUDIO_TYPE_MESSAGE],
    ['noext', wav, AUDIO_TYPE_MESSAGE],
  ])('%s → %s', (name, content, expected) => {
    const r = checkAudioUpload(name, content);
    if (expected === true) expect(r.ok).toBe(true);
    else expect(r).toEqual({ ok: false, message: expected });
  });

  it('4 MB is the limit (inclusive)', () => {
    const exact = new Uint8Array(AUDIO_MAX_BYTES);
    exact.set(wav);
    expect(checkAudioUpload('big.wav', exact).ok).toBe(true);
    const over = new Uint8Array(AUDIO_MAX_BYTES + 1);
    over.set(wav);
    expect(checkAudioUpload('big.wav', over)).toEqual({ ok: false, message: AUDIO_TOO_LARGE_MESSAGE });
  });
});
