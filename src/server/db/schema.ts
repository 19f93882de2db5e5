// Table types for Kysely. Timestamps are epoch milliseconds; JSON columns hold serialized objects.
import type { Generated } from 'kysely';

export interface AccountsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  account_id: string;
  login: string;
  display_name: string;
  role: 'agent' | 'supervisor';
  /** scrypt hash for API login (see auth/passwords.ts). */
  password_hash: string;
  /** MD5(login:realm:password) for SIP digest auth; only valid for `ha1_realm`. */
  ha1: string;
  ha1_realm: string;
  /** The status the agent picked (the live status adds in-call / wrap-up on top). */
  status: string;
  created_at: number;
}

export interface QueuesTable {
  id: string;
  account_id: string;
  /** SIP user part: `sip:<name>@<sipDomain>`. */
  name: string;
  display_name: string;
  created_at: number;
}

export interface QueueMembersTable {
  queue_id: string;
  user_id: string;
}

export interface SettingsTable {
  account_id: string;
  key: string;
  value: string;
  updated_at: number;
}

export interface WrapupOverridesTable {
  user_id: string;
  seconds: number;
}

export interface EventsTable {
  account_id: string;
  seq: number;
  type: string;
  payload: string;
  created_at: number;
}

export interface CallNotesTable {
  id: Generated<number>;
  account_id: string;
  user_id: string;
  call_id: string;
  conversation_id: string | null;
  notes: string | null;
  conversation_status: string | null;
  created_at: number;
}

export type ConversationStatus = 'Open' | 'Waiting' | 'Solved' | 'Closed';

export interface ConversationsTable {
  id: string;
  account_id: string;
  customer_key: string;
  customer_number: string | null;
  customer_name: string | null;
  assignee_id: string | null;
  queue_id: string | null;
  status: ConversationStatus;
  notes: string;
  created_at: number;
  updated_at: number;
}

export interface ConversationEventsTable {
  id: Generated<number>;
  conversation_id: string;
  type: string;
  text: string;
  agent_id: string | null;
  /** JSON object with the event's details (durations, targets). */
  data: string;
  created_at: number;
}

export interface PeopleTable {
  id: string;
  account_id: string;
  name: string;
  /** JSON array of tags. */
  tags: string;
  created_at: number;
}

export interface PeopleNumbersTable {
  person_id: string;
  account_id: string;
  number: string;
}

export interface AudioFilesTable {
  id: string;
  account_id: string;
  name: string;
  type: string;
  size: number;
  data: Buffer;
  created_at: number;
}

export interface FormsTable {
  id: string;
  account_id: string;
  name: string;
  /** JSON array of FormField. */
  fields: string;
  created_at: number;
  updated_at: number;
}

export interface ConversationFormsTable {
  conversation_id: string;
  form_id: string;
  form_name: string;
  /** JSON array of { fieldId, label, value }. */
  answers: string;
  agent_id: string | null;
  updated_at: number;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  settings: SettingsTable;
  wrapup_overrides: WrapupOverridesTable;
  events: EventsTable;
  call_notes: CallNotesTable;
  conversations: ConversationsTable;
  conversation_events: ConversationEventsTable;
  people: PeopleTable;
  people_numbers: PeopleNumbersTable;
  audio_files: AudioFilesTable;
  forms: FormsTable;
  conversation_forms: ConversationFormsTable;
}
