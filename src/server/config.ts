// Configuration of `npm run server` from flags and environment (flags win), validated with zod.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { CompanionOptions } from './app.js';
import { DEFAULT_SIP_RATE_LIMITS, type SipRateLimits } from './sip/rate-limit.js';

const PortSchema = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0..65535').max(65535, 'must be 0..65535');
const Bool = z.enum(['1', 'true', 'yes', '0', 'false', 'no', '']).transform((v) => ['1', 'true', 'yes'].includes(v));

const ConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: PortSchema.default(0),
  dataDir: z.string({ error: 'is required (--data-dir or COMPANION_DATA_DIR)' }).min(1, 'is required (--data-dir or COMPANION_DATA_DIR)'),
  sipDomain: z.string().min(1).optional(),
  sipPort: PortSchema.optional(),
  demo: z.boolean().default(false),
  secret: z.string().optional(),
  adminLogin: z.string().optional(),
  adminPassword: z.string().optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  sipTrace: z.boolean().default(false),
  sipRateLimit: z.union([
    z.literal('off'),
    z.coerce.number({ error: 'must be "off" or requests per second' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000'),
  ], { error: 'must be "off" or requests per second (1..100000)' }).optional(),
}).refine((c) => !!c.adminLogin === !!c.adminPassword, { message: 'COMPANION_ADMIN_LOGIN and COMPANION_ADMIN_PASSWORD go together', path: ['adminLogin'] });

export const USAGE = `Usage: npm run server -- [options]
  --host <addr>          COMPANION_HOST        interface to bind (default 127.0.0.1)
  --port <n>             COMPANION_PORT        HTTP port, 0 = free port (default 0)
  --data-dir <dir>       COMPANION_DATA_DIR    database and secrets (required)
  --sip-domain <name>    COMPANION_SIP_DOMAIN  SIP domain / digest realm (default softphone.test)
  --sip-port <n>         COMPANION_SIP_PORT    also listen for SIP on UDP+TCP (0 = free port; default off)
  --demo                 COMPANION_DEMO=1      create demo users and queue on first start
  --log-level <level>    COMPANION_LOG_LEVEL   debug | info | warn | error (default info)
  --sip-trace            COMPANION_SIP_TRACE=1 log every SIP message (with --log-level debug)
  --sip-rate-limit <n>   COMPANION_SIP_RATE_LIMIT  SIP requests/s per source (burst 2n; per address 10n), or "off" (default 50)
  (env only)             COMPANION_SECRET      token signing secret (default: generated into the data dir)
  (env only)             COMPANION_ADMIN_LOGIN / COMPANION_ADMIN_PASSWORD  first supervisor of an empty database`;

export class HelpRequested extends Error {
  constructor() { super(USAGE); }
}

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): CompanionOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'sip-domain': { type: 'string' },
        'sip-port': { type: 'string' },
        demo: { type: 'boolean' },
        'log-level': { type: 'string' },
        'sip-trace': { type: 'boolean' },
        'sip-rate-limit': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (e) {
    throw new Error(`Invalid configuration: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) throw new HelpRequested();
  const envBool = (v: string | undefined) => (v === undefined ? undefined : Bool.parse(v.toLowerCase()));
  const raw = {
    host: values.host ?? env.COMPANION_HOST,
    port: values.port ?? env.COMPANION_PORT,
    dataDir: values['data-dir'] ?? env.COMPANION_DATA_DIR,
    sipDomain: values['sip-domain'] ?? env.COMPANION_SIP_DOMAIN,
    sipPort: values['sip-port'] ?? env.COMPANION_SIP_PORT,
    demo: values.demo ?? envBool(env.COMPANION_DEMO),
    secret: env.COMPANION_SECRET || undefined,
    adminLogin: env.COMPANION_ADMIN_LOGIN || undefined,
    adminPassword: env.COMPANION_ADMIN_PASSWORD || undefined,
    logLevel: values['log-level'] ?? env.COMPANION_LOG_LEVEL,
    sipTrace: values['sip-trace'] ?? envBool(env.COMPANION_SIP_TRACE),
    sipRateLimit: values['sip-rate-limit'] ?? env.COMPANION_SIP_RATE_LIMIT,
  };
  const r = ConfigSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')));
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${msg}\n\n${USAGE}`);
  }
  const c = r.data;
  return {
    host: c.host,
    port: c.port,
    dataDir: c.dataDir,
    sipDomain: c.sipDomain,
    sipPort: c.sipPort,
    demo: c.demo,
    secret: c.secret,
    admin: c.adminLogin && c.adminPassword ? { login: c.adminLogin, password: c.adminPassword } : undefined,
    logger: true,
    logLevel: c.logLevel,
    sipTrace: c.sipTrace,
    ...(c.sipRateLimit === undefined ? {} : { sipRateLimits: sipRateLimitsOf(c.sipRateLimit) }),
  };
}

/** "off" or n requests/s per source (burst 2n); an address gets ten sources' worth. */
export function sipRateLimitsOf(v: 'off' | number): SipRateLimits | false {
  if (v === 'off') return false;
  return { ...DEFAULT_SIP_RATE_LIMITS, perSource: { burst: 2 * v, perSecond: v }, perAddress: { burst: 20 * v, perSecond: 10 * v } };
}
