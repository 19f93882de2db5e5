// Turns what an agent types (a user, an extension, an E.164 number, user@host or a full SIP URI) into a
// SIP URI on the companion's domain. Returns null for anything that is not a plausible SIP target.
const SCHEME = /^sips?:/i;
const USER = /^[A-Za-z0-9._~+*#!$&'=-]+$/;
const PHONE_WITH_SEPARATORS = /^\+?[0-9][0-9 ().-]*$/;
const HOST = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;

export function toSipUri(target: string, domain: string): string | null {
  const t = target.trim();
  if (!t || t.length > 200) return null;
  if (SCHEME.test(t)) return /^sips?:[^@\s]+@[^@\s]+$/i.test(t) || /^sips?:[^\s@]+$/i.test(t) ? t : null;
  if (t.includes('@')) {
    const [user, host, ...rest] = t.split('@');
    if (rest.length || !user || !host || !USER.test(user) || !HOST.test(host)) return null;
    return `sip:${user}@${host}`;
  }
  const user = PHONE_WITH_SEPARATORS.test(t) ? t.replace(/[ ().-]/g, '') : t;
  if (!USER.test(user)) return null;
  return `sip:${user}@${domain}`;
}
