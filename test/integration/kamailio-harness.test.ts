// The interop harness itself: Kamailio starts on free ports, accepts WebSocket upgrades and stops cleanly.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { kamailioAvailable, startKamailio } from '../support/kamailio.js';

describe.skipIf(!kamailioAvailable())('kamailio harness', () => {
  it.each([false, true])('starts (auth=%s), answers OPTIONS over WebSocket, stops', async (auth) => {
    const k = await startKamailio({ auth });
    try {
      const ws = new WebSocket(k.wsUrl, 'sip');
      await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
      const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
      ws.send([
        `OPTIONS sip:${k.domain} SIP/2.0`,
        'Via: SIP/2.0/WS harness.invalid;branch=z9hG4bK-harness1',
        'Max-Forwards: 70',
        `To: <sip:${k.domain}>`,
        `From: <sip:harness@${k.domain}>;tag=h1`,
        'Call-ID: harness-1',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '', '',
      ].join('\r\n'));
      expect(await reply).toMatch(/^SIP\/2\.0 200/);
      ws.close();
    } finally {
      await k.stop();
    }
  });
});
