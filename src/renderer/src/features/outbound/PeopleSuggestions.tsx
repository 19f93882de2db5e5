// People search suggestions under a number field (New call §8.3, blind transfer §7): one link per number
// of each person; picking one hands that number to the form. Shows nothing when there is nothing to pick.
import type { Person } from '../../../../shared/companion-cc.js';
import { useT } from '../../app/context.js';
import { formatE164 } from '../../phone/destination.js';

export function PeopleSuggestions({ people, label, omit, onPick }: { people: readonly Person[]; label: string; omit?: string; onPick: (number: string) => void }) {
  const t = useT();
  // The number already in the field (when it is one) is not suggested again.
  const items = people.flatMap((p) => p.numbers.map((n) => ({ key: `${p.id}-${n}`, name: p.name, number: n }))).filter((s) => s.number !== omit);
  if (items.length === 0) return null;
  return (
    <ul className="suggestions" aria-label={label}>
      {items.map((s) => (
        <li key={s.key}>
          <button type="button" className="link" onClick={() => onPick(s.number)}>
            {t('transfer.suggestion', { name: s.name, number: formatE164(s.number) })}
          </button>
        </li>
      ))}
    </ul>
  );
}
