import { describe, expect, it } from 'vitest';
import type { MediaRequest } from '../../../shared/contract.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { MediaBroker } from './media-broker.js';
import { RemoteSessionDescriptionHandler, remoteSdhFactory, toDescriptionOptions } from './remote-sdh.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n';

/** A broker whose "renderer" answers every request at once with `answer(req)`. */
function setup(answer: (req: MediaRequest) => { ok: true; value: { body: string; contentType: string } | null } | { ok: false; error: string } = () => ({ ok: true, value: null })) {
  const sent: MediaRequest[] = [];
  const clock = new FakeClock();
  const broker: MediaBroker = new MediaBroker((req) => {
    sent.push(req);
    queueMicrotask(() => broker.reply({ requestId: req.requestId, ...answer(req) } as never));
  }, clock);
  const errors: string[] = [];
  const sdh = new RemoteSessionDescriptionHandler('call-1', broker, { onAsyncError: (_c, op, err) => errors.push(`${op}: ${String(err)}`) });
  return { sent, sdh, broker, errors, clock };
}

describe('RemoteSessionDescriptionHandler', () => {
  it('forwards getDescription with hold and iceRestart options and returns the renderer SDP', async () => {
    const { sent, sdh } = setup(() => ({ ok: true, value: { body: SDP, contentType: 'application/sdp' } }));
    await expect(sdh.getDescription({ hold: true, constraints: { audio: true, video: false } } as never)).resolves.toEqual({ body: SDP, contentType: 'application/sdp' });
    await sdh.getDescription({ iceRestart: true } as never);
    await sdh.getDescription({ offerOptions: { iceRestart: true }, hold: false } as never);
    expect(sent.map((r) => r.op === 'getDescription' && r.options)).toEqual([
      { audio: true, video: false, hold: true },
      { audio: true, video: false, iceRestart: true },
      { audio: true, video: false, hold: false, iceRestart: true },
    ]);
    expect(sent.every((r) => r.callId === 'call-1')).toBe(true);
  });

  it('after the media host was lost, an answer is not forwarded until a fresh offer is asked for', async () => {
    const { sent, sdh } = setup(() => ({ ok: true, value: { body: SDP, contentType: 'application/sdp' } }));
    sdh.markHostLost();
    expect(sdh.isHostLost).toBe(true);
    await sdh.setDescription(SDP);
    expect(sent).toEqual([]);
    await sdh.getDescription({ iceRestart: true } as never);
    expect(sdh.isHostLost).toBe(false);
    await sdh.setDescription(SDP);
    expect(sent.map((r) => r.op)).toEqual(['getDescription', 'setDescription']);
  });

  it('forwards setDescription with the SDP body and options', async () => {
    const { sent, sdh } = setup();
    await sdh.setDescription(SDP, { hold: true, constraints: { audio: true, video: true } } as never);
    expect(sent[0]).toMatchObject({ op: 'setDescription', callId: 'call-1', description: { body: SDP, contentType: 'application/sdp' }, options: { hold: true, audio: true, video: true } });
  });

  it('rejects getDescription when the renderer gives no body, and on permission denied', async () => {
    const empty = setup(() => ({ ok: true, value: null }));
    await expect(empty.sdh.getDescription()).rejects.toThrow(/no session description/);
    const denied = setup(() => ({ ok: false, error: 'permission_denied' }));
    await expect(denied.sdh.getDescription()).rejects.toMatchObject({ code: 'permission_denied' });
  });

  it('hasDescription accepts only application/sdp', () => {
    const { sdh } = setup();
    expect(sdh.hasDescription('application/sdp')).toBe(true);
    expect(sdh.hasDescription('text/plain')).toBe(false);
    expect(sdh.hasDescription('')).toBe(false);
  });

  it('sendDtmf returns true at once and sends the tones asynchronously; failures are reported', async () => {
    const { sent, sdh, errors } = setup(() => ({ ok: false, error: 'dtmf_unavailable' }));
    expect(sdh.sendDtmf('12#', { duration: 120, interToneGap: 80 })).toBe(true);
    expect(sent[0]).toMatchObject({ op: 'sendDtmf', tones: '12#', duration: 120, interToneGap: 80 });
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual(['sendDtmf: MediaError: dtmf_unavailable']);
    await expect(sdh.sendDtmfAsync('1')).rejects.toThrow('dtmf_unavailable');
    expect(sent[1]).toMatchObject({ duration: 100, interToneGap: 70 });
  });

  it('close cancels pending work, tells the renderer once, and refuses later calls', async () => {
    const sent: MediaRequest[] = [];
    const broker = new MediaBroker((r) => sent.push(r), new FakeClock());
    const sdh = new RemoteSessionDescriptionHandler('call-1', broker);
    const pending = sdh.getDescription();
    sdh.close();
    sdh.close();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(sent.map((r) => r.op)).toEqual(['getDescription', 'close']);
    await expect(sdh.getDescription()).rejects.toThrow(/already closed/);
    expect(sdh.sendDtmf('1')).toBe(false);
  });

  it('the factory keys handlers by the session call id', () => {
    const broker = new MediaBroker(() => undefined, new FakeClock());
    const session = {} as never;
    const factory = remoteSdhFactory(broker, (s) => (s === session ? 'abc' : undefined));
    expect((factory(session) as RemoteSessionDescriptionHandler).callId).toBe('abc');
    expect(() => factory({} as never)).toThrow(/No call id/);
  });

  it('maps sip.js constraints to audio/video flags', () => {
    expect(toDescriptionOptions(undefined)).toEqual({ audio: true, video: false });
    expect(toDescriptionOptions({ constraints: { audio: false, video: { width: 640 } } })).toEqual({ audio: false, video: true });
  });
});
