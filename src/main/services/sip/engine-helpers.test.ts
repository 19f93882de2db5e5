import { describe, expect, it } from 'vitest';
import { cancelReason, endReasonForStatus, offersVideo, reasonForRegisterStatus } from './engine.js';

describe('engine reason mapping', () => {
  it.each([
    [undefined, 'Caller hung up'],
    ['SIP;cause=487;text="Request Terminated"', 'Caller hung up'],
    ['SIP;cause=200;text="Call completed elsewhere"', 'Answered elsewhere'],
    ['SIP ;cause = 200', 'Answered elsewhere'],
    ['SIP;cause=480;text="Ring timeout"', 'Not answered'],
    ['SIP;cause=408', 'Not answered'],
    ['SIP;text="No answer"', 'Not answered'],
  ])('CANCEL with Reason %j → %s', (header, expected) => {
    expect(cancelReason(header)).toBe(expected);
  });

  it.each([
    [486, 'Busy'], [600, 'Busy'], [480, 'No answer'], [408, 'No answer'], [404, 'Not found'], [603, 'Declined'],
    [487, 'Cancelled'], [503, 'Call failed (503)'], [undefined, 'Call failed'],
  ])('final status %s → %s', (code, expected) => {
    expect(endReasonForStatus(code)).toBe(expected);
  });

  it('maps REGISTER rejections', () => {
    expect(reasonForRegisterStatus(401, 'Unauthorized')).toMatchObject({ reason: 'Wrong login or password.', wrongCredentials: true });
    expect(reasonForRegisterStatus(403, 'Forbidden').wrongCredentials).toBe(true);
    expect(reasonForRegisterStatus(503, 'Service Unavailable')).toMatchObject({ reason: 'The SIP server refused the registration (503 Service Unavailable).', wrongCredentials: false });
  });

  it('detects video offers', () => {
    expect(offersVideo('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n')).toBe(true);
    expect(offersVideo('v=0\r\nm=audio 9 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n')).toBe(false);
    expect(offersVideo(undefined)).toBe(false);
  });
});
