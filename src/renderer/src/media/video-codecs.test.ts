import { describe, expect, it } from 'vitest';
import { preferVideoCodecs, sdpVideoCodecs } from './video-codecs.js';

const caps = [
  { mimeType: 'video/VP9', sdpFmtpLine: 'profile-id=0' },
  { mimeType: 'video/VP8' },
  { mimeType: 'video/rtx' },
  { mimeType: 'video/H264', sdpFmtpLine: 'profile-level-id=42001f;packetization-mode=1' },
  { mimeType: 'video/H264', sdpFmtpLine: 'profile-level-id=42e01f;packetization-mode=1' },
  { mimeType: 'video/AV1' },
  { mimeType: 'video/red' },
  { mimeType: 'video/ulpfec' },
];

describe('preferVideoCodecs', () => {
  it.each([
    { order: ['VP8', 'H264'] as const, want: ['VP8', 'H264', 'H264', 'rtx', 'red', 'ulpfec'] },
    { order: ['H264', 'VP8'] as const, want: ['H264', 'H264', 'VP8', 'rtx', 'red', 'ulpfec'] },
    { order: ['H264'] as const, want: ['H264', 'H264', 'rtx', 'red', 'ulpfec'] },
    { order: ['VP8'] as const, want: ['VP8', 'rtx', 'red', 'ulpfec'] },
  ])('$order → $want', ({ order, want }) => {
    expect(preferVideoCodecs(caps, order).map((c) => c.mimeType.slice(6))).toEqual(want);
  });

  it('keeps every H.264 profile in the browser order', () => {
    expect(preferVideoCodecs(caps, ['H264']).slice(0, 2).map((c) => c.sdpFmtpLine)).toEqual([caps[3]?.sdpFmtpLine, caps[4]?.sdpFmtpLine]);
  });

  it('gives nothing (browser default) when no wanted codec exists', () => {
    expect(preferVideoCodecs([{ mimeType: 'video/VP9' }, { mimeType: 'video/rtx' }], ['H264'])).toEqual([]);
  });
});

describe('sdpVideoCodecs', () => {
  it('lists the codec names of the video section only', () => {
    const sdp = ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2', 'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98',
      'a=rtpmap:96 VP8/90000', 'a=rtpmap:97 rtx/90000', 'a=rtpmap:98 H264/90000', 'a=rtpmap:99 H264/90000', ''].join('\r\n');
    expect(sdpVideoCodecs(sdp)).toEqual(['VP8', 'rtx', 'H264']);
    expect(sdpVideoCodecs('v=0\r\nm=audio 9 RTP/AVP 0\r\n')).toEqual([]);
  });
});
