#!/usr/bin/env node
// Renders the app's own sounds (no third-party music): a short, calm arpeggio for "Test speaker" (§9.2),
// synthesised sample by sample here and encoded with Debian's ffmpeg (libopus). Deterministic: the same
// script and ffmpeg give the same file (bitexact: no random Ogg serial, no encoder tag). The output is
// committed, so building the app never needs ffmpeg. Run: node scripts/make-sounds.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'assets', 'sounds');
const RATE = 48_000;

const midiToHz = (n) => 440 * 2 ** ((n - 69) / 12);

/** A soft plucked tone: a few harmonics with a quick attack and an exponential decay. */
function pluck(buf, at, seconds, midi, level) {
  const f = midiToHz(midi);
  const start = Math.round(at * RATE);
  const len = Math.min(buf.length - start, Math.round(seconds * RATE));
  const attack = Math.round(0.008 * RATE);
  for (let i = 0; i < len; i++) {
    const t = i / RATE;
    const env = Math.min(1, i / attack) * Math.exp(-t * 3.2) * Math.min(1, (len - i) / (0.02 * RATE));
    const w = 2 * Math.PI * f * t;
    const v = Math.sin(w) + 0.35 * Math.sin(2 * w) * Math.exp(-t * 4) + 0.12 * Math.sin(3 * w) * Math.exp(-t * 6);
    buf[start + i] += v * env * level;
  }
}

/** "Test speaker": C – Am – F – G, one bar each (1.5 s), an eighth-note arpeggio over a held bass; 6.4 s. */
function speakerTest() {
  const seconds = 6.4;
  const buf = new Float32Array(Math.round(seconds * RATE));
  const chords = [
    { bass: 48, notes: [60, 64, 67, 72] }, // C
    { bass: 45, notes: [57, 60, 64, 69] }, // Am
    { bass: 41, notes: [57, 60, 65, 69] }, // F
    { bass: 43, notes: [59, 62, 67, 71] }, // G
  ];
  const bar = 1.5;
  const step = bar / 8;
  chords.forEach((c, b) => {
    pluck(buf, b * bar, bar + 0.3, c.bass, 0.22);
    const pattern = [0, 1, 2, 3, 2, 1, 2, 3];
    pattern.forEach((k, j) => pluck(buf, b * bar + j * step, 0.9, c.notes[k], 0.16));
  });
  pluck(buf, 4 * bar, 0.4 + 0.3, 72, 0.16); // resolve on C
  pluck(buf, 4 * bar, 0.4 + 0.3, 48, 0.2);
  // Fade the tail to silence and keep the peak well below full scale.
  const fade = Math.round(0.3 * RATE);
  for (let i = 0; i < fade; i++) buf[buf.length - 1 - i] *= i / fade;
  let peak = 0;
  for (const v of buf) peak = Math.max(peak, Math.abs(v));
  for (let i = 0; i < buf.length; i++) buf[i] *= 0.7 / peak;
  return buf;
}

function encode(samples, file) {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'f32le', '-ar', String(RATE), '-ac', '1', '-i', 'pipe:0',
    '-c:a', 'libopus', '-b:a', '48k', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact', file];
  const r = spawnSync('ffmpeg', args, { input: Buffer.from(samples.buffer), stdio: ['pipe', 'inherit', 'inherit'] });
  if (r.error || r.status !== 0) throw new Error(`ffmpeg failed (${r.error?.message ?? `exit ${r.status}`}); install it with scripts/install-system-deps.sh`);
}

mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, 'speaker-test.ogg');
encode(speakerTest(), out);
console.log(`wrote ${path.relative(root, out)}`);
