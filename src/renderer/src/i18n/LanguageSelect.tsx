// The language picker (header menu, desktop settings): every locale in its own name and language; only a
// known locale reaches `onChange`.
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from './i18n.js';

export function LanguageSelect({ id, value, onChange }: { id: string; value: Locale; onChange: (locale: Locale) => void }) {
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => {
        const next = e.target.value;
        if (isLocale(next)) onChange(next);
      }}
    >
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LOCALE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
