// Uploaded audio for waiting strategies and hold (spec §5.3): at most 4 MB, one of .mp2 .mp3 .ircam .m4a
// .m4r .voc .vox .wav, checked by CONTENT (magic numbers), not only by the name. VOX (Dialogic ADPCM) has no
// header at all, so it can only be accepted by extension and size — documented, deliberate.
export const AUDIO_MAX_BYTES = 4 * 1024 * 1024;
export const AUDIO_EXTENSIONS = ['mp2', 'mp3', 'ircam', 'm4a', 'm4r', 'voc', 'vox', 'wav'] as const;
export type AudioExtension = typeof AUDIO_EXTENSIONS[number];

export const AUDIO_TOO_LARGE_MESSAGE = 'Audio files must be at most 4 MB.';
export const AUDIO_TYPE_MESSAGE = 'Upload an audio file of type .mp2, .mp3, .ircam, .m4a, .m4r, .voc, .vox or .wav.';
export const AUDIO_CONTENT_MESSAGE = 'The file content does not match its type: upload a real audio file.';

export type AudioCheck = { ok: true; type: AudioExtension } | { ok: false; message: string };

const ascii = (b: Uint8Array, at: number, s: string): boolean =>
  b.length >= at + s.length && [...s].every((ch, i) => b[at + i] === ch.charCodeAt(0));

/** MPEG audio frame sync (11 bits set) with a valid layer, after an optional ID3v2 tag. */
function isMpegAudio(b: Uint8Array, layers: number[]): boolean {
  let at = 0;
  if (ascii(b, 0, 'ID3') && b.length >= 10) {
    // ID3v2 size: 4 syncsafe bytes (7 bits each) after the 6-byte header.
    const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
    at = 10 + size;
    if (at >= b.length) return true; // tag only in the first bytes we have; ID3 itself identifies MPEG audio
  }
  if (b.length < at + 2) return false;
  if (b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return false;
  const layerBits = (b[at + 1]! >> 1) & 0x03; // 01 = Layer III, 10 = Layer II, 11 = Layer I
  const layer = layerBits === 1 ? 3 : layerBits === 2 ? 2 : layerBits === 3 ? 1 : 0;
  return layers.includes(layer);
}

const IRCAM_MAGICS = [0x64a30100, 0x64a30200, 0x64a30300, 0x64a30400, 0x0001a364, 0x0002a364, 0x0003a364, 0x0004a364];

function matches(type: AudioExtension, b: Uint8Array): boolean {
  switch (type) {
    case 'mp3': return isMpegAudio(b, [3]);
    case 'mp2': return isMpegAudio(b, [2, 1]);
    case 'wav': return ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE');
    case 'm4a':
    case 'm4r': return ascii(b, 4, 'ftyp');
    case 'voc': return ascii(b, 0, 'Creative Voice File\x1a');
    case 'ircam': return b.length >= 4 && IRCAM_MAGICS.includes(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
    case 'vox': return true; // headerless ADPCM: nothing to check
  }
}

export function checkAudioUpload(fileName: string, bytes: Uint8Array): AudioCheck {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const type = AUDIO_EXTENSIONS.find((e) => e === ext);
  if (!type) return { ok: false, message: AUDIO_TYPE_MESSAGE };
  if (bytes.length > AUDIO_MAX_BYTES) return { ok: false, message: AUDIO_TOO_LARGE_MESSAGE };
  if (bytes.length === 0) return { ok: false, message: AUDIO_CONTENT_MESSAGE };
  return matches(type, bytes) ? { ok: true, type } : { ok: false, message: AUDIO_CONTENT_MESSAGE };
}
