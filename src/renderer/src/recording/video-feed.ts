// The video of a recorded leg: a canvas redrawn from whatever track is current (camera, effect output,
// screen share; black while the camera is off). A MediaRecorder records a fixed set of tracks and cannot
// follow replaceTrack, and an ended camera track would freeze or cut the file; the canvas track never
// changes and never ends until the call does — the video counterpart of the Web Audio graph.
export interface VideoFeed {
  readonly track: MediaStreamTrack;
  stop(): void;
}

// Measured here (2 loaded cores): at 640×480/15 fps MediaRecorder's VP8 encoder falls behind and the
// last second of video is lost at stop; 480×360/10 fps keeps up (and VIDEO_DRAIN_MS absorbs the rest).
export const FEED_WIDTH = 480;
export const FEED_HEIGHT = 360;
export const FEED_FPS = 10;

/** Where a source of `w`×`h` goes on the canvas: scaled to fit, centred (letterbox). */
export function fitRect(w: number, h: number, cw = FEED_WIDTH, ch = FEED_HEIGHT): { x: number; y: number; w: number; h: number } {
  if (w <= 0 || h <= 0) return { x: 0, y: 0, w: 0, h: 0 };
  const s = Math.min(cw / w, ch / h);
  const [dw, dh] = [Math.round(w * s), Math.round(h * s)];
  return { x: Math.round((cw - dw) / 2), y: Math.round((ch - dh) / 2), w: dw, h: dh };
}

/** Share of the feed's width given to the picture-in-picture, and its margin from the corner. */
export const INSET_SHARE = 0.3;
const INSET_MARGIN = 8;

/** Where the inset (the agent, in a merged recording) goes: bottom right, like the self view in the app. */
export function insetRect(w: number, h: number, cw = FEED_WIDTH, ch = FEED_HEIGHT): { x: number; y: number; w: number; h: number } {
  const box = Math.round(cw * INSET_SHARE);
  const r = fitRect(w, h, box, box);
  if (r.w === 0) return r;
  return { x: cw - INSET_MARGIN - r.w, y: ch - INSET_MARGIN - r.h, w: r.w, h: r.h };
}

/** One source drawn into the feed: its own hidden <video>, re-pointed when the track changes. */
function feedSource(win: Window & typeof globalThis, current: () => MediaStreamTrack | null) {
  const video = win.document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  let shown: MediaStreamTrack | null = null;
  return {
    /** The current frame's size, or null when there is nothing to draw. */
    update(): HTMLVideoElement | null {
      const t = current();
      const live = t && t.readyState === 'live' ? t : null;
      if (live !== shown) {
        shown = live;
        video.srcObject = live ? new win.MediaStream([live]) : null;
        if (live) void video.play().catch(() => undefined);
      }
      return shown && video.readyState >= 2 && video.videoWidth > 0 ? video : null;
    },
    stop: () => void (video.srcObject = null),
  };
}

/**
 * `current()` (and `inset()`) are asked on every frame, so a swapped track is picked up without any
 * event. With `inset`, that source is drawn small in the bottom-right corner (merged recordings:
 * the customer full size, the agent as in the app's self view).
 */
export function canvasVideoFeed(win: Window & typeof globalThis, current: () => MediaStreamTrack | null, inset?: () => MediaStreamTrack | null): VideoFeed {
  const doc = win.document;
  const canvas = doc.createElement('canvas');
  canvas.width = FEED_WIDTH;
  canvas.height = FEED_HEIGHT;
  const g = canvas.getContext('2d');
  const main = feedSource(win, current);
  const small = inset ? feedSource(win, inset) : null;
  const draw = () => {
    const video = main.update();
    const corner = small?.update() ?? null;
    if (!g) return;
    g.fillStyle = '#000';
    g.fillRect(0, 0, FEED_WIDTH, FEED_HEIGHT);
    if (video) {
      const r = fitRect(video.videoWidth, video.videoHeight);
      g.drawImage(video, r.x, r.y, r.w, r.h);
    }
    if (corner) {
      const r = insetRect(corner.videoWidth, corner.videoHeight);
      g.drawImage(corner, r.x, r.y, r.w, r.h);
    }
  };
  draw();
  const track = canvas.captureStream(FEED_FPS).getVideoTracks()[0]!;
  // A timer, not requestAnimationFrame: rAF stops in a hidden window, which would freeze the recording.
  const timer = win.setInterval(draw, Math.round(1000 / FEED_FPS));
  return {
    track,
    stop() {
      win.clearInterval(timer);
      track.stop();
      main.stop();
      small?.stop();
    },
  };
}
