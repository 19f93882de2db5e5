// The validation rules of spec §4.4 and §10 as the API applies them.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_SETTINGS, RING_TIMEOUT_MESSAGE, RoutingSettingsSchema, WrapUpOrgSettingsSchema, WrapUpOverrideSchema,
} from '../../shared/companion-admin.js';

describe('routing settings validation', () => {
  it.each([3, 4, 30, 59, 60])('accepts a ring timeout of %s s', (s) => {
    expect(RoutingSettingsSchema.safeParse({ ringTimeoutSeconds: s }).success).toBe(true);
  });

  it.each<unknown>([2, 61, 0, -1, 3.5, '30', null, 1e9])('rejects %s with the clear message', (s) => {
    const r = RoutingSettingsSchema.safeParse({ ringTimeoutSeconds: s });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Ring timeout must be between 3 and 60 seconds.');
    expect(RING_TIMEOUT_MESSAGE).toBe('Ring timeout must be between 3 and 60 seconds.');
  });

  it('defaults to 30 s and rejects unknown fields', () => {
    expect(DEFAULT_ROUTING_SETTINGS).toEqual({ ringTimeoutSeconds: 30 });
    expect(RoutingSettingsSchema.safeParse({ ringTimeoutSeconds: 30, extra: 1 }).success).toBe(false);
  });
});

describe('wrap-up settings validation', () => {
  it('accepts 1..3600 s and rejects outside', () => {
    const ok = (seconds: unknown) => WrapUpOrgSettingsSchema.safeParse({ enabled: true, seconds, allowExtension: false }).success;
    expect(ok(1)).toBe(true);
    expect(ok(3600)).toBe(true);
    expect(ok(0)).toBe(false);
    expect(ok(3601)).toBe(false);
    expect(ok(1.5)).toBe(false);
  });

  it('per-agent override is default or custom seconds', () => {
    expect(WrapUpOverrideSchema.safeParse({ mode: 'default' }).success).toBe(true);
    expect(WrapUpOverrideSchema.safeParse({ mode: 'custom', seconds: 45 }).success).toBe(true);
    expect(WrapUpOverrideSchema.safeParse({ mode: 'custom' }).success).toBe(false);
    expect(WrapUpOverrideSchema.safeParse({ mode: 'other' }).success).toBe(false);
  });
});
