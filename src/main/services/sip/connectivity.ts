// Binds OS power and network events to the SIP engine (issue 3): suspend or offline → pause reconnect
// attempts; resume or online → one immediate attempt. Ports, not electron, so it is testable anywhere.
import type { NetworkPort, PowerPort } from '../../ports.js';

export interface ConnectivityTarget {
  suspend(): void;
  wake(why: string): void;
}

export function watchConnectivity(target: ConnectivityTarget, ports: { power?: PowerPort; network?: NetworkPort }): () => void {
  const { power, network } = ports;
  const offs: Array<() => void> = [];
  const online = () => network?.isOnline() ?? true;
  if (power) {
    offs.push(power.onSuspend(() => target.suspend()));
    // Waking up without a network: wait for the online event instead of failing attempts.
    offs.push(power.onResume(() => (online() ? target.wake('resumed') : undefined)));
  }
  if (network) {
    offs.push(network.onChange((isOnline) => (isOnline ? target.wake('network back') : target.suspend())));
  }
  return () => {
    for (const off of offs.splice(0)) off();
  };
}
