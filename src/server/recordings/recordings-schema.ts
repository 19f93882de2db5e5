// Kysely table types of the recording store (added to the server's Database with `withTables`).
import type { Generated } from 'kysely';

export interface RecordingsTable {
  id: string;
  account_id: string;
  user_id: string;
  /** The desktop's leg id: the idempotency key of an upload. */
  client_id: string;
  file_name: string;
  mime_type: string;
  conversation_id: string | null;
  call_id: string;
  agent_name: string;
  end_user_name: string | null;
  end_user_phone: string | null;
  direction: 'inbound' | 'outbound';
  leg: 'agent' | 'customer' | 'merged';
  started_at: string;
  ended_at: string;
  size: number;
  sha256: string;
  sftp_state: 'none' | 'pending' | 'done' | 'failed';
  sftp_error: string | null;
  created_at: number;
}

export interface RecordingUsageTable { account_id: string; month: string; bytes: number }

export interface RecordingAuditTable {
  id: Generated<number>;
  account_id: string;
  actor_user_id: string;
  actor_login: string;
  action: string;
  recording_id: string;
  file_name: string;
  created_at: number;
}

export interface RecordingConfigTable { account_id: string; value: string; updated_at: number }
export interface RecordingOverridesTable { user_id: string; value: string }

export type RecordingTables = {
  recordings: RecordingsTable;
  recording_usage: RecordingUsageTable;
  recording_audit: RecordingAuditTable;
  recording_config: RecordingConfigTable;
  recording_overrides: RecordingOverridesTable;
};
