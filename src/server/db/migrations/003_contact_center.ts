// Contact-center data: conversations with their event timeline, and People (contacts with E.164 numbers
// and tags). Queue-level settings (working hours, hold) live in the generic settings table.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    /** Who the customer is: the E.164 number, or `sip:user@host` for WebRTC guests. */
    .addColumn('customer_key', 'text', (c) => c.notNull())
    .addColumn('customer_number', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('queue_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('Open', 'Waiting', 'Solved', 'Closed')`))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversations_customer').on('conversations').columns(['account_id', 'customer_key']).execute();
  await db.schema.createIndex('conversations_assignee').on('conversations').columns(['assignee_id', 'status']).execute();

  await db.schema.createTable('conversation_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversation_events_conv').on('conversation_events').column('conversation_id').execute();

  await db.schema.createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createTable('people_numbers')
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('people_numbers_pk', ['person_id', 'number'])
    .execute();
  await db.schema.createIndex('people_numbers_number').on('people_numbers').columns(['account_id', 'number']).execute();

  // Uploaded audio (waiting strategies, hold): validated by content before it is stored (≤ 4 MB).
  await db.schema.createTable('audio_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audio_files', 'people_numbers', 'people', 'conversation_events', 'conversations']) await db.schema.dropTable(t).ifExists().execute();
}
