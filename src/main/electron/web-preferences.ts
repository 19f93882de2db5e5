// The main window's web preferences, kept apart from the window code so they can be checked in
// plain Node (this file must not import electron).

export interface MainWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  backgroundThrottling: false;
}

export function mainWebPreferences(preloadPath: string): MainWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // Agents minimise the softphone or keep it in the tray during calls: Chromium would then slow the
    // page's timers to one per second (later one per minute), which drives the video recording's
    // canvas feed and the call timers.
    backgroundThrottling: false,
  };
}
