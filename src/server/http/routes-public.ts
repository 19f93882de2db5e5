// Routes without authentication: health and login.
import type { FastifyInstance } from 'fastify';
import { LoginRequestSchema, type Health, type LoginResponse } from '../../shared/companion-api.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { ApiError, parse } from './errors.js';
import { meOf, type Services } from './services.js';

export async function publicRoutes(app: FastifyInstance, s: Services): Promise<void> {
  // Verified against when the login does not exist, so both paths take the same time.
  const dummyHash = await hashPassword('not-a-real-password');

  app.get('/api/health', async (req): Promise<Health> => ({ status: 'ok', sipWebSocketUrl: s.sipWebSocketUrl(req.headers.host), sipDomain: s.sipDomain }));

  app.post('/api/login', async (req): Promise<LoginResponse> => {
    const { login, password } = parse(LoginRequestSchema, req.body);
    const key = login.toLowerCase();
    if (s.limiter.isLocked(key)) throw new ApiError(429, 'locked', 'Too many failed sign-in attempts. Try again in a minute.');
    const user = await s.users.byLogin(key);
    const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash);
    if (!user || !ok) {
      s.limiter.recordFailure(key);
      throw new ApiError(401, 'invalid_credentials', 'Wrong login or password.');
    }
    s.limiter.recordSuccess(key);
    // The SIP domain may have changed since the password was set: HA1 depends on it.
    if (user.ha1Realm !== s.sipDomain) await s.users.refreshHa1(user.id, user.login, s.sipDomain, password);
    return { token: s.tokens.issue(user.id), me: meOf(s, user) };
  });
}
