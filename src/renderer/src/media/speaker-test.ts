// "Test speaker" (§9.2): plays the bundled music file (assets/sounds) on the chosen speaker for a fixed
// time. If the file cannot load or play, the generated arpeggio plays instead so the agent still hears
// something. The element and the fallback are ports, so the stop/fallback logic is unit-tested in Node.

export interface Stoppable { stop(): void }

/** The <audio> element playing the file, already pointed at it. */
export interface SpeakerTestAudio {
  /** Absent where the browser cannot choose the output device. */
  setSinkId?: (id: string) => Promise<void>;
  play(): Promise<void>;
  pause(): void;
  on(type: 'error' | 'ended', listener: () => void): void;
  /** Detaches it from the page. */
  remove(): void;
}

export interface SpeakerTestDeps {
  /** Null when no audio element can be made: the fallback plays at once. */
  createAudio(): SpeakerTestAudio | null;
  /** The chosen speaker, or null for the system default. */
  speakerId: string | null;
  /** Starts the generated music (on the chosen speaker where possible). */
  fallback(): Stoppable;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  seconds: number;
  /** Give up on the file and play the fallback if it has not started by then. */
  loadTimeoutMs: number;
}

export function startSpeakerTest(deps: SpeakerTestDeps, onEnd: () => void): Stoppable {
  let state: 'loading' | 'file' | 'fallback' | 'done' = 'loading';
  let audio: SpeakerTestAudio | null = null;
  let generated: Stoppable | null = null;
  let playTimer: unknown = null;
  let loadTimer: unknown = null;

  const clearTimers = () => {
    if (playTimer !== null) deps.clearTimeout(playTimer);
    if (loadTimer !== null) deps.clearTimeout(loadTimer);
    playTimer = loadTimer = null;
  };
  const dropAudio = () => {
    audio?.pause();
    audio?.remove();
    audio = null;
  };
  // The fixed playing time counts from when sound starts, not from the click (loading takes a moment).
  const startPlayTimer = () => {
    if (playTimer === null) playTimer = deps.setTimeout(finish, deps.seconds * 1000);
  };
  function finish() {
    if (state === 'done') return;
    state = 'done';
    clearTimers();
    dropAudio();
    generated?.stop();
    generated = null;
    onEnd();
  }
  const useFallback = () => {
    if (state === 'done' || state === 'fallback') return;
    state = 'fallback';
    if (loadTimer !== null) deps.clearTimeout(loadTimer);
    loadTimer = null;
    dropAudio();
    try {
      generated = deps.fallback();
    } catch {
      finish(); // No WebAudio either: nothing can play; end the test rather than hang in "playing".
      return;
    }
    startPlayTimer();
  };

  try {
    audio = deps.createAudio();
  } catch {
    audio = null;
  }
  const el = audio;
  if (!el) {
    useFallback();
  } else {
    el.on('error', useFallback);
    el.on('ended', finish); // A file shorter than the test: stop with it.
    loadTimer = deps.setTimeout(useFallback, deps.loadTimeoutMs);
    // A device that cannot be chosen (unplugged, not allowed) leaves the system default: still audible.
    const ready = deps.speakerId && el.setSinkId ? el.setSinkId(deps.speakerId).catch(() => undefined) : Promise.resolve();
    void ready
      .then(() => (state === 'loading' ? el.play() : undefined))
      .then(
        () => {
          if (state !== 'loading') return;
          state = 'file';
          if (loadTimer !== null) deps.clearTimeout(loadTimer);
          loadTimer = null;
          startPlayTimer();
        },
        useFallback,
      );
  }
  return { stop: finish };
}
