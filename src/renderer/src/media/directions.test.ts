import { describe, expect, it } from 'vitest';
import { holdDirection, remoteSendingAfter, sdpDirection, sends } from './directions.js';

const sdp = (...lines: string[]) => ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines].join('\r\n') + '\r\n';

describe('sdpDirection', () => {
  it('defaults to sendrecv', () => {
    expect(sdpDirection(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2'))).toBe('sendrecv');
  });
  it('reads the audio section, media level over session level', () => {
    expect(sdpDirection(sdp('a=inactive', 'm=audio 9 RTP/AVP 0'))).toBe('inactive');
    expect(sdpDirection(sdp('a=inactive', 'm=audio 9 RTP/AVP 0', 'a=sendonly'))).toBe('sendonly');
    expect(sdpDirection(sdp('m=video 9 RTP/AVP 96', 'a=recvonly', 'm=audio 9 RTP/AVP 0', 'a=sendrecv'))).toBe('sendrecv');
    expect(sdpDirection(sdp('m=audio 9 RTP/AVP 0', 'a=recvonly', 'm=video 9 RTP/AVP 96', 'a=inactive'), 'video')).toBe('inactive');
  });
  it('accepts bare LF line ends', () => {
    expect(sdpDirection('v=0\nm=audio 9 RTP/AVP 0\na=sendonly\n')).toBe('sendonly');
  });
});

describe('hold direction', () => {
  it('leaves directions alone without a hold option', () => {
    expect(holdDirection(undefined, true)).toBeNull();
  });
  it('hold → sendonly while the remote sends, inactive when it does not', () => {
    expect(holdDirection(true, true)).toBe('sendonly');
    expect(holdDirection(true, false)).toBe('inactive');
  });
  it('resume → sendrecv', () => {
    expect(holdDirection(false, true)).toBe('sendrecv');
    expect(holdDirection(false, false)).toBe('sendrecv');
  });
  it('knows which directions send', () => {
    expect([sends('sendrecv'), sends('sendonly'), sends('recvonly'), sends('inactive')]).toEqual([true, true, false, false]);
  });
});

describe('remote sending tracking', () => {
  const offer = (d: string) => ({ type: 'offer' as const, sdp: sdp('m=audio 9 RTP/AVP 0', `a=${d}`) });
  const answer = (d: string) => ({ type: 'answer' as const, sdp: sdp('m=audio 9 RTP/AVP 0', `a=${d}`) });
  it('a remote offer tells whether the remote sends', () => {
    expect(remoteSendingAfter(true, offer('inactive'), false)).toBe(false);
    expect(remoteSendingAfter(false, offer('sendonly'), false)).toBe(true);
    expect(remoteSendingAfter(true, offer('recvonly'), true)).toBe(false);
  });
  it('an answer to our hold offer keeps the previous value (recvonly there only mirrors our sendonly)', () => {
    expect(remoteSendingAfter(true, answer('recvonly'), true)).toBe(true);
    expect(remoteSendingAfter(false, answer('sendrecv'), true)).toBe(false);
  });
  it('an answer to a normal offer is taken at its word', () => {
    expect(remoteSendingAfter(true, answer('recvonly'), false)).toBe(false);
    expect(remoteSendingAfter(false, answer('sendrecv'), false)).toBe(true);
  });
});
