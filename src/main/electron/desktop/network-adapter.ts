// Network adapter: Electron's net.isOnline() (main process, no change event) polled into a NetworkPort,
// so the engine pauses reconnect attempts while offline and reconnects at once when the link is back.
import { net } from 'electron';
import { systemClock } from '../../ports.js';
import { pollingNetworkPort, type PolledNetworkPort } from '../../services/sip/network-watch.js';

export const electronNetworkPort = (): PolledNetworkPort => pollingNetworkPort(() => net.isOnline(), systemClock);
