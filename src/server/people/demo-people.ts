// Demo People and account numbers (demo mode only): a few customers, some with Japanese names, and two
// contacts tagged external_number for the transfer phonebook.
import { EXTERNAL_NUMBER_TAG } from '../../shared/companion-cc.js';
import { DEMO_ACCOUNT_ID } from '../accounts/seed.js';
import type { SettingsRepo } from '../settings/settings-repo.js';
import type { PeopleRepo } from './people-repo.js';

export const DEMO_PEOPLE = [
  { name: '山田 太郎', numbers: ['+81312345678'], tags: ['customer'] },
  { name: '佐藤 花子', numbers: ['+81901234567', '+81355550100'], tags: ['customer', 'vip'] },
  { name: 'Jane Doe', numbers: ['+15557654321'], tags: ['customer'] },
  { name: 'Tokyo Partner Desk', numbers: ['+81355550199'], tags: [EXTERNAL_NUMBER_TAG] },
  { name: '鈴木 法律事務所', numbers: ['+81662223333'], tags: [EXTERNAL_NUMBER_TAG] },
];

export async function seedDemoContactCenter(people: PeopleRepo, settings: SettingsRepo): Promise<void> {
  for (const p of DEMO_PEOPLE) await people.create(DEMO_ACCOUNT_ID, p);
  await settings.setAccountNumbers(DEMO_ACCOUNT_ID, [
    { number: '+81350001000', label: 'Tokyo support line' },
    { number: '+15550001000', label: 'US support line' },
  ]);
}
