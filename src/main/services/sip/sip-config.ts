// The SIP account configuration (issue 3): server list (primary + fallback WebSocket URLs), identity,
// display name and outbound proxy, validated with readable messages before the engine sees it.
import { z } from 'zod';

const wsUrl = z.string().max(500).refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'ws:' || u.protocol === 'wss:';
  } catch {
    return false;
  }
}, { message: 'must be a ws:// or wss:// address' });

const sipUri = z.string().max(300).regex(/^sips?:[^\s@]+@[^\s@]+$|^sips?:[^\s@;]+(;[^\s]*)?$/i, 'must be a SIP address such as sip:alice@example.com');

export const SipConfigSchema = z.object({
  /** First is the primary; the rest are tried in order when it cannot be reached. */
  servers: z.array(wsUrl).min(1, 'at least one SIP server address is needed').max(5, 'at most 5 SIP servers'),
  uri: sipUri,
  domain: z.string().min(1).max(253),
  login: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  displayName: z.string().max(100).optional(),
  /** Loose-routing proxy every request goes through (RFC 3261 pre-loaded Route). */
  outboundProxy: sipUri.optional(),
}).strict();
export type SipConfig = z.infer<typeof SipConfigSchema>;

export type SipConfigResult = { ok: true; config: SipConfig } | { ok: false; error: string };

const FIELD_NAMES: Record<string, string> = {
  servers: 'SIP server list',
  uri: 'SIP address',
  domain: 'SIP domain',
  login: 'SIP login',
  password: 'SIP password',
  displayName: 'display name',
  outboundProxy: 'outbound proxy',
};

/** Validates untrusted input; the error names the field in words an agent or admin understands. */
export function parseSipConfig(input: unknown): SipConfigResult {
  const r = SipConfigSchema.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  const issue = r.error.issues[0];
  const field = issue ? String(issue.path[0] ?? '') : '';
  const index = issue && typeof issue.path[1] === 'number' ? ` #${issue.path[1] + 1}` : '';
  const name = FIELD_NAMES[field] ?? (field || 'SIP configuration');
  return { ok: false, error: `The ${name}${index} is not valid: ${issue?.message ?? 'unknown problem'}.` };
}

/** The Route header value sip.js pre-loads for an outbound proxy (`lr` = loose routing). */
export function outboundRoute(proxy: string): string {
  const uri = proxy.replace(/^<|>$/g, '');
  return /;lr\b/i.test(uri) ? `<${uri}>` : `<${uri};lr>`;
}

/**
 * This installation's SIP settings beyond what the companion advertises (admin configuration through
 * flags or environment): fallback WebSocket servers tried after the companion's, and an outbound proxy.
 */
export const SipOverridesSchema = z.object({
  fallbackWsUrls: z.array(wsUrl).max(4, 'at most 4 fallback SIP servers').optional(),
  outboundProxy: sipUri.optional(),
}).strict();
export type SipOverrides = z.infer<typeof SipOverridesSchema>;

export function parseSipOverrides(input: unknown): { ok: true; overrides: SipOverrides } | { ok: false; error: string } {
  const r = SipOverridesSchema.safeParse(input);
  if (r.success) return { ok: true, overrides: r.data };
  const issue = r.error.issues[0];
  const field = issue?.path[0] === 'outboundProxy' ? 'outbound proxy' : 'fallback SIP server';
  const index = issue && typeof issue.path[1] === 'number' ? ` #${issue.path[1] + 1}` : '';
  return { ok: false, error: `The ${field}${index} is not valid: ${issue?.message ?? 'unknown problem'}.` };
}

/** Reads SOFTPHONE_SIP_FALLBACKS (comma-separated ws/wss URLs) and SOFTPHONE_SIP_OUTBOUND_PROXY. */
export function sipOverridesFromEnv(env: Record<string, string | undefined>): ReturnType<typeof parseSipOverrides> {
  const list = (env.SOFTPHONE_SIP_FALLBACKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const proxy = env.SOFTPHONE_SIP_OUTBOUND_PROXY?.trim();
  return parseSipOverrides({ ...(list.length ? { fallbackWsUrls: list } : {}), ...(proxy ? { outboundProxy: proxy } : {}) });
}
