// Video codec choice for calls (spec §1.4: VP8 and H.264). Pure ordering over codec capability records,
// applied with RTCRtpTransceiver.setCodecPreferences so both offers and answers carry exactly these two
// (plus the repair formats RTX/RED/ULPFEC that protect them), in the preferred order.

export interface CodecLike {
  mimeType: string;
  sdpFmtpLine?: string;
}

export type VideoCodecName = 'VP8' | 'H264';
export const DEFAULT_VIDEO_CODEC_ORDER: readonly VideoCodecName[] = ['VP8', 'H264'];
const REPAIR = new Set(['video/rtx', 'video/red', 'video/ulpfec', 'video/flexfec-03']);

/**
 * The codecs to prefer, in order: each of `order` (every profile of it, as listed), then the repair
 * formats. Anything else (VP9, AV1, …) is left out. Empty when none of `order` is available, in which
 * case the caller keeps the browser's default rather than failing the call.
 */
export function preferVideoCodecs<C extends CodecLike>(codecs: readonly C[], order: readonly VideoCodecName[] = DEFAULT_VIDEO_CODEC_ORDER): C[] {
  const name = (c: C) => c.mimeType.toLowerCase();
  const primary = order.flatMap((n) => codecs.filter((c) => name(c) === `video/${n.toLowerCase()}`));
  if (primary.length === 0) return [];
  return [...primary, ...codecs.filter((c) => REPAIR.has(name(c)))];
}

/** The transceiver that carries video in this call (the one a remote offer or our camera created). */
export function videoTransceiver(pc: RTCPeerConnection): RTCRtpTransceiver | undefined {
  return pc.getTransceivers().find((t) => t.receiver?.track?.kind === 'video' && t.direction !== 'stopped');
}

/** Sets the codec order on every video transceiver where the browser supports it. */
export function applyVideoCodecOrder(pc: RTCPeerConnection, capabilities: RTCRtpCapabilities | null, order: readonly VideoCodecName[]): void {
  if (!capabilities) return;
  const preferred = preferVideoCodecs(capabilities.codecs, order);
  if (preferred.length === 0) return;
  for (const t of pc.getTransceivers()) {
    if (t.receiver?.track?.kind !== 'video' || t.direction === 'stopped' || typeof t.setCodecPreferences !== 'function') continue;
    try {
      t.setCodecPreferences(preferred);
    } catch (err) {
      // A browser that rejects the list still negotiates its defaults (which include VP8).
      console.warn('video codec preferences refused', err);
    }
  }
}

/**
 * Chromium's answerer sends with the first codec of the remote *offer*, whatever order its answer has;
 * pinning the encoding's codec (RTCRtpEncodingParameters.codec) makes our sending side follow our order too.
 */
export async function pinSendCodec(pc: RTCPeerConnection, order: readonly VideoCodecName[]): Promise<void> {
  const first = order[0];
  if (!first) return;
  for (const t of pc.getTransceivers()) {
    if (t.receiver?.track?.kind !== 'video' || t.direction === 'stopped') continue;
    const params = t.sender.getParameters() as RTCRtpSendParameters & { encodings: Array<RTCRtpEncodingParameters & { codec?: RTCRtpCodec }> };
    const codec = params.codecs?.find((c) => c.mimeType.toLowerCase() === `video/${first.toLowerCase()}`);
    const encoding = params.encodings?.[0];
    if (!codec || !encoding || encoding.codec?.mimeType === codec.mimeType) continue;
    encoding.codec = { mimeType: codec.mimeType, clockRate: codec.clockRate, ...(codec.sdpFmtpLine ? { sdpFmtpLine: codec.sdpFmtpLine } : {}) };
    try {
      await t.sender.setParameters(params);
    } catch (err) {
      // Older browsers without per-encoding codecs keep their default send codec (still VP8 or H.264).
      console.warn('could not pin the video send codec', err);
    }
  }
}

/** The video codec names of the first m=video section of an SDP (for tests and diagnostics). */
export function sdpVideoCodecs(sdp: string): string[] {
  const section = sdp.split(/\r?\n(?=m=)/).find((s) => s.startsWith('m=video '));
  if (!section) return [];
  const names = [...section.matchAll(/^a=rtpmap:\d+ ([^/\s]+)\//gm)].map((m) => m[1] ?? '');
  return [...new Set(names)];
}
