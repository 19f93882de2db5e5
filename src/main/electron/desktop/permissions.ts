// Permission adapter: media (microphone/camera) and display-capture, plus the few others in
// GRANTED_PERMISSIONS, only for the app's own origin; device APIs (USB, HID, serial) never.
import type { Session } from 'electron';
import { permissionAllowed } from '../../services/desktop/web-security.js';

export function restrictPermissions(session: Session, appOrigins: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl, appOrigins)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin, appOrigins));
  session.setDevicePermissionHandler(() => false);
}
