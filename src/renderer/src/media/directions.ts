// Pure SDP direction rules for hold/resume (RFC 3264 §8.4), kept free of WebRTC objects so they are unit-tested.

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/**
 * The direction attribute that applies to the first m-section of `kind` (media level wins over session
 * level; RFC 4566 default is sendrecv). Directions are from the SDP author's point of view.
 */
export function sdpDirection(sdp: string, kind: 'audio' | 'video' = 'audio'): Direction {
  let session: Direction | null = null;
  let inSection: 'before' | 'target' | 'other' = 'before';
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      if (inSection === 'target') break;
      inSection = line.startsWith(`m=${kind} `) ? 'target' : 'other';
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const attr = line.slice(2).trim() as Direction;
    if (!DIRECTIONS.includes(attr)) continue;
    if (inSection === 'before') session = attr;
    else if (inSection === 'target') return attr;
  }
  return session ?? 'sendrecv';
}

/** Whether the author of an SDP with this direction sends media. */
export const sends = (d: Direction): boolean => d === 'sendrecv' || d === 'sendonly';

/**
 * Transceiver direction to set before creating an offer/answer, or null to leave it alone (no hold option).
 * Hold: stop receiving — 'sendonly', or 'inactive' when the remote is not sending to us anyway.
 * Resume: 'sendrecv' (an answer is intersected with the offer by WebRTC itself).
 */
export function holdDirection(hold: boolean | undefined, remoteSending: boolean): Direction | null {
  if (hold === undefined) return null;
  if (!hold) return 'sendrecv';
  return remoteSending ? 'sendonly' : 'inactive';
}

/**
 * Tracks whether the remote sends media to us, from each remote description applied. An answer to our own
 * hold offer says nothing about the remote's wish (it can only mirror our sendonly as recvonly), so it
 * leaves the previous value.
 */
export function remoteSendingAfter(
  previous: boolean,
  remote: { type: 'offer' | 'answer'; sdp: string },
  ourLastOfferWasHold: boolean,
): boolean {
  if (remote.type === 'answer' && ourLastOfferWasHold) return previous;
  return sends(sdpDirection(remote.sdp, 'audio'));
}
