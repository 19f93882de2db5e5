// Power adapter: Electron powerMonitor (suspend/resume, lock/unlock) as the engine's PowerPort.
import { powerMonitor } from 'electron';
import { powerPortFrom, type DesktopPowerPort } from '../../services/desktop/power.js';

/** Call after `app.whenReady()` (powerMonitor is not usable before). */
export const electronPowerPort = (): DesktopPowerPort => powerPortFrom(powerMonitor);
