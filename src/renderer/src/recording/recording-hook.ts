// Connects the media engine's onCallMedia hook to a CallRecorder (one line in main.tsx).
import type { CallMediaEvent } from '../media/engine.js';
import { browserRecorderEnvironment, CallRecorder, type RecorderApi } from './call-recorder.js';

export function createRecordingHook(api: RecorderApi, win: Window & typeof globalThis, onError: (message: string) => void): (e: CallMediaEvent) => void {
  const recorder = new CallRecorder(api, browserRecorderEnvironment(win), onError);
  return (e) => {
    const done = e.type === 'streams' ? recorder.onStreams(e.callId, e.local, e.remote, e.sent) : recorder.stop(e.callId);
    done.catch((err: unknown) => onError(`Recording problem: ${err instanceof Error ? err.message : String(err)}`));
  };
}
