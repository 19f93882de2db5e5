import { describe, expect, it } from 'vitest';
import { callChannel, isMessagingChannel } from './channel.js';

describe('callChannel (X-Channel from the caller, else the transport)', () => {
  it.each<[unknown, string, string]>([
    [undefined, 'WS', 'webrtc'],
    [undefined, 'WSS', 'webrtc'],
    [undefined, 'UDP', 'phone'],
    [undefined, 'TCP', 'phone'],
    ['whatsapp', 'WS', 'whatsapp'],
    ['WhatsApp', 'UDP', 'whatsapp'],
    [' viber ', 'TCP', 'viber'],
    ['telegram', 'WS', 'webrtc'],
    ['phone', 'WS', 'webrtc'],
    ['webrtc', 'UDP', 'phone'],
    ['whatsapp, viber', 'WS', 'webrtc'],
    ['', 'UDP', 'phone'],
    [['whatsapp'], 'WS', 'webrtc'],
    [42, 'UDP', 'phone'],
  ])('%j over %s → %s', (header, transport, expected) => {
    expect(callChannel(header, transport)).toBe(expected);
  });

  it.each([['whatsapp', true], ['viber', true], ['phone', false], ['webrtc', false]] as const)('%s is a messaging channel: %s', (c, expected) => {
    expect(isMessagingChannel(c)).toBe(expected);
  });
});
