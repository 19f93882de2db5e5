// Numbered migrations, applied in name order. Add new files as NNN_name.ts and list them here
// (static imports keep them inside bundles; no directory scanning at run time).
import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_init.js';
import * as m002 from './002_recordings.js';
import * as m003 from './003_contact_center.js';
import * as m004 from './004_forms.js';

const migrations: Record<string, Migration> = {
  '001_init': m001,
  '002_recordings': m002,
  '003_contact_center': m003,
  '004_forms': m004,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
