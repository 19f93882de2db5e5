// Notification adapter: Electron Notification behind the NotifierPort. Buttons exist on macOS and Windows;
// the presenter leaves `actions` empty elsewhere. Silent: the renderer plays the ring tone.
import { Notification } from 'electron';
import type { NotifierPort } from '../../services/desktop/notifications.js';

export function electronNotifier(iconPath: string): NotifierPort {
  return {
    show(model, events) {
      const notification = new Notification({
        title: model.title,
        body: model.body,
        icon: iconPath,
        silent: true,
        urgency: 'critical',
        timeoutType: 'never',
        actions: model.actions.map((a) => ({ type: 'button' as const, text: a.label })),
      });
      notification.on('click', () => events.onClick());
      notification.on('action', (_details, actionIndex) => events.onAction(actionIndex));
      notification.show();
      return { close: () => notification.close() };
    },
  };
}
