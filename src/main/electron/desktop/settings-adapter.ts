// Settings adapter: electron-store (JSON file in userData, atomic writes) behind the SettingsPort. Schema,
// migrations and repair live in SettingsStore; the tolerant parser keeps a corrupt file from crashing start-up.
import * as electronStoreModule from 'electron-store';
import { esmDefaultExport } from '../../services/desktop/module-interop.js';
import { lazyStorePort, tolerantJsonParse, type SettingsPort } from '../../services/desktop/settings-store.js';

const Store = esmDefaultExport<typeof electronStoreModule.default>(electronStoreModule);

export const electronSettingsPort = (name = 'desktop-settings'): SettingsPort =>
  lazyStorePort(() => new Store<Record<string, unknown>>({ name, deserialize: tolerantJsonParse }));
