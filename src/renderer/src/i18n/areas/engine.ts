// Strings of one area of the app, kept in their own file so that features can grow in parallel; spread
// into the English and Japanese catalogues (en.ts, ja.ts). Every key needs both languages.
export const engineEn = {} as const;

export const engineJa: Record<keyof typeof engineEn, string> = {};
