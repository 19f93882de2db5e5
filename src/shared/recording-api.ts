// REST shapes of the companion server's recording API (see docs/api.md, "Recordings").
import { z } from 'zod';
import { RecordingMetadataSchema } from './recording-metadata.js';
import { RecordingOverrideSchema, RecordingSettingsSchema } from './recording-policy.js';
import { DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_RECORDING_RETENTION_DAYS } from './recording-retention.js';
import { DEFAULT_GB_PER_AGENT } from './recording-quota.js';

/** Metadata the desktop sends with an upload (header `x-recording-metadata`, base64url JSON). */
export const UploadMetadataSchema = RecordingMetadataSchema.extend({
  mimeType: z.string().regex(/^(audio|video)\/[a-z0-9.+-]+(;[ a-z0-9=.,"-]*)?$/i).max(100),
});
export type UploadMetadata = z.infer<typeof UploadMetadataSchema>;

export const UploadResponseSchema = z.object({ id: z.string(), sha256: z.string(), size: z.number() });
export type UploadResponse = z.infer<typeof UploadResponseSchema>;

export const RecordingItemSchema = RecordingMetadataSchema.omit({ recordingId: true }).extend({
  id: z.string(),
  userId: z.string(),
  mimeType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedAt: z.string(),
  sftp: z.enum(['none', 'pending', 'done', 'failed']),
});
export type RecordingItem = z.infer<typeof RecordingItemSchema>;

export const SftpConfigSchema = z.object({
  enabled: z.boolean(),
  host: z.string().max(255),
  port: z.number().int().min(1).max(65535),
  path: z.string().max(1000),
  username: z.string().max(200),
  /** Write-only: never returned; omit to keep the stored password. */
  password: z.string().max(500).optional(),
  /** Optional SHA-256 host key fingerprint (base64, as `ssh-keygen -l` prints after "SHA256:"). */
  hostFingerprint: z.string().max(100).optional(),
}).strict();
export type SftpConfig = z.infer<typeof SftpConfigSchema>;

export const RecordingConfigSchema = z.object({
  policy: RecordingSettingsSchema,
  quotaGbPerAgent: z.number().min(0).max(100_000),
  retentionDays: z.number().int().min(0).max(36_500),
  auditRetentionDays: z.number().int().min(1).max(36_500),
  sftp: SftpConfigSchema,
}).strict();
export type RecordingConfig = z.infer<typeof RecordingConfigSchema>;

export const RecordingConfigUpdateSchema = RecordingConfigSchema.partial().strict();
export type RecordingConfigUpdate = z.infer<typeof RecordingConfigUpdateSchema>;

/** Response form: the password is replaced by whether one is stored. */
export type RecordingConfigView = Omit<RecordingConfig, 'sftp'> & { sftp: Omit<SftpConfig, 'password'> & { passwordSet: boolean } };

export const DEFAULT_RECORDING_CONFIG: RecordingConfig = {
  policy: { enabled: false, directions: 'both', video: 'audio-only', composition: 'separate' },
  quotaGbPerAgent: DEFAULT_GB_PER_AGENT,
  retentionDays: DEFAULT_RECORDING_RETENTION_DAYS,
  auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS,
  sftp: { enabled: false, host: '', port: 22, path: '.', username: '' },
};

export const AgentOverrideUpdateSchema = RecordingOverrideSchema.nullable();

export const AuditEntrySchema = z.object({
  id: z.number(), actorUserId: z.string(), actorLogin: z.string(), action: z.string(),
  recordingId: z.string(), fileName: z.string(), at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
