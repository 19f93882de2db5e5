// Desktop-integration feeds of the renderer store: main's `dialRequest` (a tel:/sip:/callto: link) becomes the
// store's pending dial request, and the UI language is handed to main so the tray, notifications and quit
// dialog speak the agent's language wherever it was changed (profile menu or Desktop settings).
import { DesktopViewSchema } from '../../../../shared/desktop-contract.js';
import type { BridgeConnection } from '../../bridge/connect.js';
import type { AppStore } from '../../store/store.js';

export function syncDesktop(store: AppStore, connection: BridgeConnection): () => void {
  const { api } = connection;
  let mainLocale: string | null = null;
  const push = () => {
    const locale = store.getSnapshot().locale;
    if (mainLocale === null || locale === mainLocale) return;
    mainLocale = locale;
    // Best effort: a host without desktop settings (or a dropped socket) must not bother the agent.
    api.updateDesktopSettings({ locale }).catch(() => undefined);
  };
  const offs = [
    api.on('dialRequest', ({ target }) => store.requestDial(target)),
    api.on('desktopSettings', (view) => {
      mainLocale = view.preferences.locale;
    }),
    connection.whenConnected(() => {
      api.getDesktopSettings({}).then(
        (view) => {
          const parsed = DesktopViewSchema.safeParse(view);
          if (!parsed.success) return;
          mainLocale = parsed.data.preferences.locale;
          push();
        },
        () => undefined,
      );
    }),
    store.subscribe(push),
  ];
  return () => {
    for (const off of offs) off();
  };
}
