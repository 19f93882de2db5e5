// The effects worker: reads the camera's frames (a transferred MediaStreamTrackProcessor stream),
// runs the effect and its models (processor.ts) and posts each processed frame back (transferred)
// for the page to put on the output track. Nothing of the effect runs on the UI thread.
import { createFrameProcessor, pumpFrames, type FrameProcessor, type FrameSink } from './processor.js';
import { STATS_INTERVAL_MS, workerCommandSchema, type WorkerEvent } from './worker-protocol.js';

const post = (e: WorkerEvent, transfer: Transferable[] = []): void => (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(e, transfer);

const toPage: FrameSink = {
  ready: () => Promise.resolve(),
  write: (frame) => post({ type: 'frame', frame }, [frame]),
  close: () => undefined,
};

let processor: FrameProcessor | null = null;
let stopped = false;
let timer: ReturnType<typeof setInterval> | undefined;

function report(): void {
  if (processor) post({ type: 'stats', stats: processor.stats() });
}

function settled(generation: number): void {
  report();
  post({ type: 'settled', generation });
}

self.addEventListener('message', (ev: MessageEvent) => {
  const parsed = workerCommandSchema.safeParse(ev.data);
  if (!parsed.success) {
    console.warn('effects worker: ignored a malformed command:', parsed.error.issues[0]?.message);
    return;
  }
  const cmd = parsed.data;
  switch (cmd.type) {
    case 'start': {
      if (processor) return;
      const p = createFrameProcessor({ ...cmd.options, backgroundImage: cmd.backgroundImage }, { degraded: (info) => post({ type: 'degraded', info }) });
      processor = p;
      void p.ready().then(() => settled(0));
      timer = setInterval(report, STATS_INTERVAL_MS);
      void pumpFrames(cmd.readable as ReadableStream<VideoFrame>, toPage, p, () => stopped)
        .catch((err: unknown) => console.warn('effects worker: frames stopped:', err instanceof Error ? err.message : err))
        .finally(() => {
          report();
          post({ type: 'ended' });
        });
      return;
    }
    case 'effect': {
      const p = processor;
      if (!p) return;
      p.setEffect(cmd.effect, cmd.backgroundImage);
      report();
      void p.ready().then(() => settled(cmd.generation));
      return;
    }
    case 'query': {
      const value = !processor ? null : cmd.what === 'mask' ? processor.maskValues() : cmd.what === 'crop' ? processor.currentCrop() : processor.stats();
      post({ type: 'reply', id: cmd.id, value });
      return;
    }
    case 'stop':
      stopped = true;
      clearInterval(timer);
      processor?.close();
      return;
  }
});

post({ type: 'hello' });
