// The "From" drop-down of account numbers (New call §8.3, transfer caller ID §7.3): an empty first choice
// (the caller's own wording: default / automatic) then each number as "Label (+1 555 …)".
import { formatE164 } from '../../phone/destination.js';

export interface AccountNumber {
  number: string;
  label: string;
}

export function FromNumberSelect({ id, label, emptyLabel, numbers, value, onChange }: { id: string; label: string; emptyLabel: string; numbers: readonly AccountNumber[]; value: string; onChange: (number: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        {numbers.map((n) => (
          <option key={n.number} value={n.number}>
            {`${n.label} (${formatE164(n.number)})`}
          </option>
        ))}
      </select>
    </div>
  );
}
