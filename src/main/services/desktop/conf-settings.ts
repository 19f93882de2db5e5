// SettingsPort on `conf` (electron-store's engine) for plain Node: the web host and the tests.
import * as confModule from 'conf';
import { esmDefaultExport } from './module-interop.js';
import { lazyStorePort, tolerantJsonParse, type SettingsPort } from './settings-store.js';

const Conf = esmDefaultExport<typeof confModule.default>(confModule);

export const confSettingsPort = (dir: string, name = 'desktop-settings'): SettingsPort =>
  lazyStorePort(() => new Conf<Record<string, unknown>>({ cwd: dir, configName: name, deserialize: tolerantJsonParse }));
