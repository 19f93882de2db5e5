// OS power and session events (Electron powerMonitor) → the engine's PowerPort. Lock/unlock are offered in an
// extended port because src/main/ports.ts's PowerPort has suspend/resume only so far.
import type { PowerPort } from '../../ports.js';

export const POWER_EVENTS = ['suspend', 'resume', 'lock-screen', 'unlock-screen'] as const;
export type PowerEvent = (typeof POWER_EVENTS)[number];

export interface DesktopPowerPort extends PowerPort {
  onLockScreen(listener: () => void): () => void;
  onUnlockScreen(listener: () => void): () => void;
}

/** Anything with on/removeListener for the four events: Electron's powerMonitor, or an EventEmitter in tests. */
export interface PowerEventSource {
  on(event: PowerEvent, listener: () => void): unknown;
  removeListener(event: PowerEvent, listener: () => void): unknown;
}

export function powerPortFrom(source: PowerEventSource): DesktopPowerPort {
  const subscribe = (event: PowerEvent) => (listener: () => void) => {
    // Each subscription gets its own wrapper so the same listener can be added twice and removed once.
    const wrapped = () => {
      try {
        listener();
      } catch {
        // A failing consumer must not stop the others from hearing about a resume.
      }
    };
    source.on(event, wrapped);
    return () => {
      source.removeListener(event, wrapped);
    };
  };
  return {
    onSuspend: subscribe('suspend'),
    onResume: subscribe('resume'),
    onLockScreen: subscribe('lock-screen'),
    onUnlockScreen: subscribe('unlock-screen'),
  };
}
