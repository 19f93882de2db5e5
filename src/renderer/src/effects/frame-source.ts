// Reads frames from a camera track. Chromium (Electron) has MediaStreamTrackProcessor ("insertable
// streams"), which hands us each VideoFrame without a <video> element; elsewhere we fall back to a
// hidden <video> and requestVideoFrameCallback.

export interface SourceFrame {
  image: CanvasImageSource;
  width: number;
  height: number;
  /** Releases the frame (VideoFrames hold decoder memory until closed). */
  close(): void;
}

export interface FrameSource {
  /** Resolves with the next frame, or null when the track ended or the source was stopped. */
  next(): Promise<SourceFrame | null>;
  stop(): void;
}

interface VideoFrameLike {
  displayWidth: number;
  displayHeight: number;
  close(): void;
}

type ProcessorCtor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrameLike> };

export function createFrameSource(track: MediaStreamTrack, win: Window): FrameSource {
  const Processor = (win as unknown as { MediaStreamTrackProcessor?: ProcessorCtor }).MediaStreamTrackProcessor;
  return Processor ? processorSource(track, Processor) : videoElementSource(track, win);
}

function processorSource(track: MediaStreamTrack, Processor: ProcessorCtor): FrameSource {
  // maxBufferSize 1: when we fall behind, older frames are dropped instead of queueing latency.
  const reader = new Processor({ track, maxBufferSize: 1 }).readable.getReader();
  let stopped = false;
  return {
    async next() {
      if (stopped) return null;
      const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (r.done || !r.value) return null;
      const f = r.value;
      return { image: f as unknown as CanvasImageSource, width: f.displayWidth, height: f.displayHeight, close: () => f.close() };
    },
    stop() {
      stopped = true;
      void reader.cancel().catch(() => undefined);
    },
  };
}

function videoElementSource(track: MediaStreamTrack, win: Window): FrameSource {
  const video = win.document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new (win as unknown as { MediaStream: typeof MediaStream }).MediaStream([track]);
  void video.play().catch(() => undefined);
  let stopped = false;
  const v = video as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number };
  return {
    next() {
      if (stopped || track.readyState === 'ended') return Promise.resolve(null);
      return new Promise((resolve) => {
        const done = () => resolve(stopped ? null : { image: video, width: video.videoWidth, height: video.videoHeight, close: () => undefined });
        if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(done);
        else win.setTimeout(done, 33);
      });
    },
    stop() {
      stopped = true;
      video.pause();
      video.srcObject = null;
    },
  };
}
