// First-start data. Demo mode: the demo account with agents alice and bob, supervisor sam (password =
// login) and the queue "support". Production: only a bootstrap supervisor from configuration.
import type { QueuesRepo } from '../queues/queues-repo.js';
import type { UsersRepo } from './users-repo.js';

export const DEMO_ACCOUNT_ID = 'demo';
export const DEFAULT_ACCOUNT_ID = 'default';

export async function seedDemo(users: UsersRepo, queues: QueuesRepo, realm: string): Promise<boolean> {
  if (await users.accountExists(DEMO_ACCOUNT_ID)) return false;
  await users.createAccount(DEMO_ACCOUNT_ID, 'Demo');
  const mk = (login: string, displayName: string, role: 'agent' | 'supervisor') =>
    users.create({ accountId: DEMO_ACCOUNT_ID, login, displayName, role, password: login, realm });
  const alice = await mk('alice', 'Alice', 'agent');
  const bob = await mk('bob', 'Bob', 'agent');
  await mk('sam', 'Sam', 'supervisor');
  await queues.create(DEMO_ACCOUNT_ID, 'support', 'Support', [alice.id, bob.id]);
  return true;
}

export async function bootstrapSupervisor(users: UsersRepo, realm: string, login: string, password: string): Promise<boolean> {
  if ((await users.countUsers()) > 0) return false;
  if (password.length < 8) throw new Error('COMPANION_ADMIN_PASSWORD must be at least 8 characters long.');
  await users.createAccount(DEFAULT_ACCOUNT_ID, 'Default');
  await users.create({ accountId: DEFAULT_ACCOUNT_ID, login: login.toLowerCase(), displayName: login, role: 'supervisor', password, realm });
  return true;
}
