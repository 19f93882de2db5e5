// Click-to-dial links (tel:, callto:, sip:, sips:) arrive from other programs and web pages, so they are hostile
// input: parse strictly, rebuild the target from validated parts only, and refuse everything else.

/** Schemes the app registers itself for with the OS. */
export const DIAL_SCHEMES = ['tel', 'callto', 'sip'] as const;
/** Schemes accepted when a link arrives (sips: is accepted but not claimed as default handler). */
const ACCEPTED = new Set(['tel', 'callto', 'sip', 'sips']);

export const MAX_LINK_LENGTH = 2048;
/** Same limit as the bridge's `dial` target. */
export const MAX_TARGET_LENGTH = 200;

export const LINK_PROBLEMS = [
  'empty', 'too-long', 'control-characters', 'scheme', 'encoding', 'no-number', 'not-e164',
  'sip-address', 'sip-password', 'sip-user', 'sip-domain', 'sip-port',
] as const;
export type LinkProblem = (typeof LINK_PROBLEMS)[number];

export type DialLink =
  | { ok: true; target: string; kind: 'e164' | 'local' | 'sip' }
  | { ok: false; problem: LinkProblem };

// C0/C1 controls, DEL, and bidi controls that could make a displayed number differ from the dialled one.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const VISUAL_SEPARATORS = /[\s\-.()\u00a0\u2010-\u2015\u30fc]/g;
const E164 = /^\+[1-9]\d{6,14}$/;
const LOCAL_NUMBER = /^[0-9*#]{1,20}$/;
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,]{1,64}$/;
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

const no = (problem: LinkProblem): DialLink => ({ ok: false, problem });

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** tel:/callto: number → "+<digits>" (E.164) or a local dial string of digits, * and #. */
function parseNumber(raw: string): DialLink {
  // Parameters (;ext=, ;phone-context=, ;isub=) are not dialled: the number alone is prefilled.
  const number = (raw.split(';')[0] ?? '').normalize('NFKC').replace(VISUAL_SEPARATORS, '');
  if (number.startsWith('+')) {
    return E164.test(number) ? { ok: true, target: number, kind: 'e164' } : no('not-e164');
  }
  if (LOCAL_NUMBER.test(number)) return { ok: true, target: number, kind: 'local' };
  return no('no-number');
}

function validHost(host: string): boolean {
  if (IPV6.test(host) || IPV4.test(host)) return true;
  if (host.length > 253 || /^\d+(\.\d+)*$/.test(host)) return false;
  return host.split('.').every((label) => HOST_LABEL.test(label));
}

/** sip:user@host[:port] — URI parameters and headers (?Replaces=, ?Call-ID=…) are dropped on purpose. */
function parseSip(scheme: 'sip' | 'sips', rest: string): DialLink {
  const withoutHeaders = rest.split('?')[0] ?? '';
  const at = withoutHeaders.lastIndexOf('@');
  if (at <= 0) return no('sip-address');
  const user = withoutHeaders.slice(0, at);
  const hostPart = withoutHeaders.slice(at + 1).split(';')[0] ?? '';
  if (user.includes(':')) return no('sip-password');
  if (!SIP_USER.test(user)) return no('sip-user');
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(hostPart);
  const host = m?.[1]?.toLowerCase() ?? '';
  const port = m?.[2];
  if (!m || !validHost(host)) return no('sip-domain');
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return no('sip-port');
  const target = `${scheme}:${user}@${host}${port ? `:${Number(port)}` : ''}`;
  if (target.length > MAX_TARGET_LENGTH) return no('too-long');
  return { ok: true, target, kind: 'sip' };
}

/** Parses a tel:, callto:, sip: or sips: link into a dial target. Never throws. */
export function parseDialLink(input: unknown): DialLink {
  if (typeof input !== 'string' || input.length === 0) return no('empty');
  if (input.length > MAX_LINK_LENGTH) return no('too-long');
  const link = input.trim();
  if (UNSAFE_CHARS.test(link)) return no('control-characters');
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):/.exec(link);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  if (!scheme || !ACCEPTED.has(scheme)) return no('scheme');
  // Some programs write tel://… or callto://…; the slashes carry no meaning.
  const rest = link.slice(scheme.length + 1).replace(/^\/\//, '');
  const decoded = decode(rest);
  if (decoded === null) return no('encoding');
  if (decoded.length === 0) return no('no-number');
  if (UNSAFE_CHARS.test(decoded)) return no('control-characters');
  return scheme === 'sip' || scheme === 'sips' ? parseSip(scheme, decoded) : parseNumber(decoded);
}

/**
 * Finds the dial link in a command line (Windows and Linux pass the link as an argument to a second instance).
 * Flags are skipped: only an argument that starts with one of our schemes is considered. null = no link there.
 */
export function dialLinkFromArgv(argv: readonly unknown[]): DialLink | null {
  const candidate = argv.find((arg): arg is string => typeof arg === 'string' && /^(tel|callto|sips?):/i.test(arg.trim()));
  return candidate === undefined ? null : parseDialLink(candidate);
}

/**
 * Arguments for app.setAsDefaultProtocolClient(scheme, …args). A packaged app registers itself as is; a
 * development run (electron path/to/main.js) must name the interpreter and the script, or the OS would
 * start a bare Electron.
 */
export function protocolClientArgs(run: { defaultApp: boolean; execPath: string; argv: readonly string[] }): [path?: string, args?: string[]] {
  const script = run.argv[1];
  return run.defaultApp && script ? [run.execPath, [script]] : [];
}
