import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { DEFAULT_SIP_RATE_LIMITS } from './sip/rate-limit.js';

describe('parseConfig: --sip-rate-limit / COMPANION_SIP_RATE_LIMIT', () => {
  const base = ['--data-dir', '/tmp/x'];

  it.each<[string[], Record<string, string>, unknown]>([
    [[], {}, undefined],
    [['--sip-rate-limit', 'off'], {}, false],
    [[], { COMPANION_SIP_RATE_LIMIT: 'off' }, false],
    [['--sip-rate-limit', '200'], {}, { ...DEFAULT_SIP_RATE_LIMITS, perSource: { burst: 400, perSecond: 200 }, perAddress: { burst: 4000, perSecond: 2000 } }],
    [['--sip-rate-limit', '10'], { COMPANION_SIP_RATE_LIMIT: 'off' }, { ...DEFAULT_SIP_RATE_LIMITS, perSource: { burst: 20, perSecond: 10 }, perAddress: { burst: 200, perSecond: 100 } }],
  ])('%j %j', (args, env, expected) => {
    expect(parseConfig([...base, ...args], env).sipRateLimits).toEqual(expected);
  });

  it.each(['0', '-5', '1.5', 'lots', '100001'])('refuses %s with a clear message', (v) => {
    expect(() => parseConfig([...base, `--sip-rate-limit=${v}`], {})).toThrow(/Invalid configuration: sipRateLimit: /);
  });
});
