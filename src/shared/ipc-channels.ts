// Electron IPC channel names shared by the preload script and the main-process IPC host.
export const IPC_INVOKE_CHANNEL = 'softphone:invoke';
export const IPC_EVENT_CHANNEL = 'softphone:event';
