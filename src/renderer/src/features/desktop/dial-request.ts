// The hook behind click-to-dial in the UI: a tel:/sip:/callto: link reaches main, main emits `dialRequest`,
// the store keeps it (snapshot.dialRequest) until an outbound form takes it with this hook. IdleView hands it to
// openOutbound (features/work/work-store.ts), which prefills the New call form.
// A request that arrives while no form is mounted (wrap-up) waits in the store.
import { useEffect, useRef } from 'react';
import type { BridgeConnection } from '../../bridge/connect.js';
import { useServices, useSnapshot } from '../../app/context.js';

export function useDialRequest(prefill: (target: string) => void): void {
  const { store } = useServices();
  const request = useSnapshot((s) => s.dialRequest);
  const latest = useRef(prefill);
  latest.current = prefill;
  useEffect(() => {
    if (!request) return;
    latest.current(request.target);
    store.consumeDialRequest(request.seq);
  }, [request, store]);
}

export const DIAL_PARAM = 'dial';

/**
 * Web host: `?dial=<tel:/sip:/callto: link>` in the page address (what a browser protocol handler for tel:
 * opens, and what the e2e tests use) is handed to main once connected, so it takes the same checks and the same
 * dialRequest path as an OS link. The parameter is then removed so a reload does not prefill again.
 */
export function forwardDialParam(win: Pick<Window, 'location' | 'history'>, connection: BridgeConnection): void {
  const url = new URL(win.location.href);
  const link = url.searchParams.get(DIAL_PARAM);
  if (!link) return;
  url.searchParams.delete(DIAL_PARAM);
  win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
  let sent = false;
  const off = connection.whenConnected(() => {
    if (sent) return;
    sent = true;
    connection.api.openDialLink({ url: link.slice(0, 2048) }).catch((err: unknown) => console.warn('dial link not handed over', err));
    queueMicrotask(() => off());
  });
}
