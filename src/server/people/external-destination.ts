// External transfer destinations (spec §7.3), shared by the REST check and the SIP edge.
import { E164Schema, EXTERNAL_NUMBER_TAG, type Person } from '../../shared/companion-cc.js';
import type { SettingsRepo } from '../settings/settings-repo.js';
import type { PeopleRepo } from './people-repo.js';

/**
 * The §7.3 rule for an external destination: allowed when a People contact with the number is tagged
 * external_number; otherwise only with "allow numbers not in People", and then the number joins People
 * with that tag. Used by GET /api/transfer/check and by the SIP edge when the REFER arrives.
 */
export async function externalDestination(s: { people: PeopleRepo; settings: SettingsRepo }, accountId: string, number: string): Promise<{ ok: true; person: Person; added: boolean } | { ok: false }> {
  if (!E164Schema.safeParse(number).success) return { ok: false };
  const person = await s.people.byNumber(accountId, number);
  if (person?.tags.includes(EXTERNAL_NUMBER_TAG)) return { ok: true, person, added: false };
  if (!(await s.settings.transferOptions(accountId)).allowNumbersNotInPeople) return { ok: false };
  if (person) {
    const updated = await s.people.update(accountId, person.id, { tags: [...person.tags, EXTERNAL_NUMBER_TAG] });
    return { ok: true, person: updated ?? person, added: true };
  }
  return { ok: true, person: await s.people.create(accountId, { name: number, numbers: [number], tags: [EXTERNAL_NUMBER_TAG] }), added: true };
}

