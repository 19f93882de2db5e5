// Per-account settings (JSON values by key) and per-agent wrap-up overrides.
// Stored values are re-validated on read; anything invalid falls back to the default.
import type { z } from 'zod';
import { WRAPUP_DEFAULT_SECONDS, type WrapUpSettings } from '../../shared/companion-api.js';
import {
  DEFAULT_ROUTING_SETTINGS, RoutingSettingsSchema, WrapUpOrgSettingsSchema,
  type RoutingSettings, type WrapUpOrgSettings, type WrapUpOverride,
} from '../../shared/companion-admin.js';
import type { Db } from '../db/database.js';

export const DEFAULT_WRAPUP_SETTINGS: WrapUpOrgSettings = { enabled: true, seconds: WRAPUP_DEFAULT_SECONDS, allowExtension: false };

export class SettingsRepo {
  constructor(private readonly db: Db) {}

  private async get<T>(accountId: string, key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
    const row = await this.db.selectFrom('settings').select('value').where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
    if (!row) return fallback;
    try {
      return schema.safeParse(JSON.parse(row.value)).data ?? fallback;
    } catch {
      return fallback;
    }
  }

  private async put(accountId: string, key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    await this.db.insertInto('settings').values({ account_id: accountId, key, value: json, updated_at: Date.now() })
      .onConflict((oc) => oc.columns(['account_id', 'key']).doUpdateSet({ value: json, updated_at: Date.now() }))
      .execute();
  }

  wrapUp(accountId: string): Promise<WrapUpOrgSettings> {
    return this.get(accountId, 'wrapup', WrapUpOrgSettingsSchema, DEFAULT_WRAPUP_SETTINGS);
  }

  setWrapUp(accountId: string, s: WrapUpOrgSettings): Promise<void> {
    return this.put(accountId, 'wrapup', s);
  }

  routing(accountId: string): Promise<RoutingSettings> {
    return this.get(accountId, 'routing', RoutingSettingsSchema, DEFAULT_ROUTING_SETTINGS);
  }

  setRouting(accountId: string, s: RoutingSettings): Promise<void> {
    return this.put(accountId, 'routing', s);
  }

  async wrapUpOverride(userId: string): Promise<WrapUpOverride> {
    const r = await this.db.selectFrom('wrapup_overrides').select('seconds').where('user_id', '=', userId).executeTakeFirst();
    return r ? { mode: 'custom', seconds: r.seconds } : { mode: 'default' };
  }

  async wrapUpOverrides(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('wrapup_overrides').selectAll().execute();
    return new Map(rows.map((r) => [r.user_id, r.seconds]));
  }

  async setWrapUpOverride(userId: string, o: WrapUpOverride): Promise<void> {
    if (o.mode === 'default') {
      await this.db.deleteFrom('wrapup_overrides').where('user_id', '=', userId).execute();
      return;
    }
    await this.db.insertInto('wrapup_overrides').values({ user_id: userId, seconds: o.seconds })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ seconds: o.seconds })).execute();
  }

  /** Organisation default merged with the agent override. */
  async effectiveWrapUp(accountId: string, userId: string): Promise<WrapUpSettings> {
    const org = await this.wrapUp(accountId);
    const o = await this.wrapUpOverride(userId);
    return { enabled: org.enabled, seconds: o.mode === 'custom' ? o.seconds : org.seconds, allowExtension: org.allowExtension };
  }
}
