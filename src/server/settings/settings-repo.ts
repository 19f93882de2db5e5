// Per-account settings (JSON values by key) and per-agent wrap-up overrides.
// Stored values are re-validated on read; anything invalid falls back to the default.
import type { z } from 'zod';
import { WRAPUP_DEFAULT_SECONDS, type WrapUpSettings } from '../../shared/companion-api.js';
import {
  DEFAULT_ROUTING_SETTINGS, RoutingSettingsSchema, WrapUpOrgSettingsSchema,
  type RoutingSettings, type WrapUpOrgSettings, type WrapUpOverride,
} from '../../shared/companion-admin.js';
import {
  AccountNumbersSchema, DEFAULT_HOLD_CONFIG, DEFAULT_QUEUE_SETTINGS, HoldConfigSchema, WaitingStrategiesSchema, type HoldConfig, type WaitingStrategy, TrunkSettingsSchema, type AccountNumber, type TrunkSettings, DEFAULT_TRANSFER_OPTIONS, QueueSettingsSchema, TransferOptionsSchema,
  type QueueSettings, type TransferOptions,
} from '../../shared/companion-cc.js';
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

  transferOptions(accountId: string): Promise<TransferOptions> {
    return this.get(accountId, 'transfer', TransferOptionsSchema, DEFAULT_TRANSFER_OPTIONS);
  }

  setTransferOptions(accountId: string, s: TransferOptions): Promise<void> {
    return this.put(accountId, 'transfer', s);
  }

  /** The account's voice numbers (outbound "From", §8.3). */
  accountNumbers(accountId: string): Promise<AccountNumber[]> {
    return this.get(accountId, 'numbers', AccountNumbersSchema.shape.numbers, []);
  }

  setAccountNumbers(accountId: string, numbers: AccountNumber[]): Promise<void> {
    return this.put(accountId, 'numbers', numbers);
  }

  trunk(accountId: string): Promise<TrunkSettings> {
    return this.get(accountId, 'trunk', TrunkSettingsSchema, { trunk: null });
  }

  setTrunk(accountId: string, s: TrunkSettings): Promise<void> {
    return this.put(accountId, 'trunk', s);
  }

  waitingStrategies(accountId: string): Promise<WaitingStrategy[]> {
    return this.get(accountId, 'waiting-strategies', WaitingStrategiesSchema, []);
  }

  setWaitingStrategies(accountId: string, list: WaitingStrategy[]): Promise<void> {
    return this.put(accountId, 'waiting-strategies', list);
  }

  /** Hold configuration of a queue, or the default one (`queueId` null) used for new/disabled queues (§6.1). */
  async holdConfig(accountId: string, queueId: string | null): Promise<HoldConfig> {
    const fallback = await this.get(accountId, 'hold:default', HoldConfigSchema, DEFAULT_HOLD_CONFIG);
    if (queueId === null) return fallback;
    const own = await this.get<HoldConfig | null>(accountId, `hold:${queueId}`, HoldConfigSchema, null);
    return own && own.enabled ? own : fallback;
  }

  setHoldConfig(accountId: string, queueId: string | null, c: HoldConfig): Promise<void> {
    return this.put(accountId, queueId === null ? 'hold:default' : `hold:${queueId}`, c);
  }

  /** Per-queue settings (auto-assignment, working hours), stored under `queue:<id>`. */
  queueSettings(accountId: string, queueId: string): Promise<QueueSettings> {
    return this.get(accountId, `queue:${queueId}`, QueueSettingsSchema, DEFAULT_QUEUE_SETTINGS);
  }

  setQueueSettings(accountId: string, queueId: string, s: QueueSettings): Promise<void> {
    return this.put(accountId, `queue:${queueId}`, s);
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
