// Click-to-dial plumbing: registers the app for tel:/callto:/sip: links, holds the single-instance lock, and
// forwards links (macOS open-url, a second instance's argv, this launch's argv) into a LinkInbox.
import { app } from 'electron';
import { LinkInbox } from '../../services/desktop/click-to-dial.js';
import { DIAL_SCHEMES, protocolClientArgs } from '../../services/desktop/protocol-links.js';

/** Call before `app.whenReady()`. False → another instance runs (it receives our argv): quit at once. */
export function claimSingleInstance(): boolean {
  return app.requestSingleInstanceLock();
}

export function registerDialProtocols(): void {
  const args = protocolClientArgs({ defaultApp: process.defaultApp === true, execPath: process.execPath, argv: process.argv });
  for (const scheme of DIAL_SCHEMES) app.setAsDefaultProtocolClient(scheme, ...args);
}

/** Call before `app.whenReady()` so an open-url sent at launch is not lost; attach a ClickToDial later. */
export function captureDialLinks(): LinkInbox {
  const inbox = new LinkInbox();
  app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.push({ kind: 'url', url });
  });
  app.on('second-instance', (_event, argv) => inbox.push({ kind: 'argv', argv }));
  inbox.push({ kind: 'launch', argv: process.argv });
  return inbox;
}
