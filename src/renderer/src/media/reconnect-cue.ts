// The audible cue when a call loses its connection (spec §9.6): three short descending beeps made with
// WebAudio (no asset), played once when AppState.call.reconnecting turns on.

export const CUE_BEEPS: ReadonlyArray<{ at: number; freq: number }> = [
  { at: 0, freq: 880 },
  { at: 0.25, freq: 660 },
  { at: 0.5, freq: 440 },
];
export const CUE_BEEP_SECONDS = 0.15;
const LEVEL = 0.15;

type AudioContextCtor = new () => AudioContext;

/** Plays the cue; resolves false when this window has no WebAudio (nothing else happens). */
export async function playReconnectCue(win: Window | null): Promise<boolean> {
  const Ctor = (win as unknown as { AudioContext?: AudioContextCtor } | null)?.AudioContext;
  if (!Ctor) return false;
  const ctx = new Ctor();
  try {
    if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined);
    const t0 = ctx.currentTime + 0.02;
    for (const { at, freq } of CUE_BEEPS) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      // Ramps avoid clicks at the edges of each beep.
      gain.gain.setValueAtTime(0, t0 + at);
      gain.gain.linearRampToValueAtTime(LEVEL, t0 + at + 0.01);
      gain.gain.linearRampToValueAtTime(0, t0 + at + CUE_BEEP_SECONDS);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + CUE_BEEP_SECONDS + 0.01);
    }
    const total = (CUE_BEEPS.at(-1)?.at ?? 0) + CUE_BEEP_SECONDS + 0.1;
    await new Promise((resolve) => setTimeout(resolve, total * 1000));
    return true;
  } finally {
    void ctx.close().catch(() => undefined);
  }
}

/** Calls `cue` once each time `reconnecting` goes from off to on (pure edge detector, unit-tested). */
export function reconnectEdge(cue: () => void): (reconnecting: boolean) => void {
  let was = false;
  return (now) => {
    if (now && !was) cue();
    was = now;
  };
}
