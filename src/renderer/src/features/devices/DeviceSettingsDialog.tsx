// The audio/video settings as a modal dialog (from the profile menu).
import { useT } from '../../app/context.js';
import { SettingsDialog } from '../../app/SettingsDialog.js';
import { DeviceSettings } from './DeviceSettings.js';
import { VideoEffectsSettings } from '../video/VideoEffectsSettings.js';

export function DeviceSettingsDialog({ onClose, returnFocus }: { onClose: () => void; returnFocus?: () => HTMLElement | null }) {
  const t = useT();
  return (
    <SettingsDialog title={t('devices.title')} closeLabel={t('devices.close')} onClose={onClose} returnFocus={returnFocus} firstFocus="select">
      <DeviceSettings />
      <VideoEffectsSettings />
    </SettingsDialog>
  );
}
