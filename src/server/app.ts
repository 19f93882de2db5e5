// Composition root of the companion server: database, services, HTTP API, event stream, SIP edge and
// the customer page, all on one HTTP port (SIP over WebSocket at /sip, events at /api/events).
import Fastify, { type FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { bootstrapSupervisor, seedDemo } from './accounts/seed.js';
import { UsersRepo } from './accounts/users-repo.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { loadOrCreateSecret } from './auth/secret.js';
import { TokenSigner } from './auth/tokens.js';
import { openDatabase } from './db/database.js';
import { CallConversations } from './conversations/call-conversations.js';
import { ConversationsRepo } from './conversations/conversations-repo.js';
import { OutboundCalls } from './sip/outbound-calls.js';
import { EventLog } from './events/event-log.js';
import { EventsSocket } from './events/events-socket.js';
import { requireUser } from './http/auth.js';
import { customerPageRoutes, defaultCustomerDist } from './http/customer-page.js';
import { installErrorHandling } from './http/errors.js';
import { contactCenterRoutes } from './http/routes-contact-center.js';
import { conversationRoutes } from './http/routes-conversations.js';
import { mediaSettingsRoutes } from './http/routes-media-settings.js';
import { meRoutes } from './http/routes-me.js';
import { openApiRoute } from './http/openapi.js';
import { peopleRoutes } from './http/routes-people.js';
import { formRoutes } from './http/routes-forms.js';
import { FormsRepo } from './forms/forms-repo.js';
import { publicRoutes } from './http/routes-public.js';
import { supervisorRoutes } from './http/routes-supervisor.js';
import type { Services } from './http/services.js';
import { Presence } from './presence/presence.js';
import { externalDestination } from './people/external-destination.js';
import { seedDemoContactCenter } from './people/demo-people.js';
import { PeopleRepo } from './people/people-repo.js';
import { QueuesRepo } from './queues/queues-repo.js';
import { isOpen } from './queues/working-hours.js';
import { SettingsRepo } from './settings/settings-repo.js';
import { SipEdge } from './sip/edge.js';
import type { SipRateLimits } from './sip/rate-limit.js';
import { supervisorPageRoutes } from './supervisor/supervisor-page.js';
import { freeUdpTcpPort, portFreeForUdpAndTcp } from './sip/free-port.js';
import { WrapUpService } from './wrapup/wrapup-service.js';
import { registerRecordings } from './recordings/recordings-routes.js';

export const DEFAULT_SIP_DOMAIN = 'softphone.test';
export const DEFAULT_MAX_WAIT_SECONDS = 300;
export const SIP_WS_PATH = '/sip';
export const EVENTS_PATH = '/api/events';

export interface CompanionOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** HTTP port; 0 (default) picks a free one. */
  port?: number;
  dataDir: string;
  /** Seed the demo account on first start (default true: the embedded start is the demo). */
  demo?: boolean;
  sipDomain?: string;
  /** Request/SIP logging to stderr (errors are always logged). */
  logger?: boolean;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** UDP+TCP SIP listeners (for SIPp/trunks): undefined = off, 0 = a free port. */
  sipPort?: number;
  /** Token signing secret; generated into the data dir when absent. */
  secret?: string;
  /** Bootstrap supervisor created when the database has no users. */
  admin?: { login: string; password: string };
  /** Maximum wait of a queue call before 480 (default 300 s). */
  maxWaitSeconds?: number;
  /** Built customer page (default <repo>/dist/customer). */
  customerDistDir?: string;
  /** Log every SIP message (debug level). */
  sipTrace?: boolean;
  /** SIP flood protection (per source and per address); false = off. Default DEFAULT_SIP_RATE_LIMITS. */
  sipRateLimits?: SipRateLimits | false;
  /** Dialog watchdog of the SIP edge (defaults 64·T1 = 32 s each; shortened in tests). */
  sipAckTimeoutMs?: number;
  sipFlowGraceMs?: number;
  /** Idle UDP/TCP dialogs are probed this often (default 5 min). */
  sipProbeIntervalMs?: number;
}

export interface CompanionHandle {
  /** http://HOST:PORT */
  url: string;
  /** ws://HOST:PORT/sip */
  sipWebSocketUrl: string;
  sipDomain: string;
  /** UDP+TCP SIP port when enabled. */
  sipPort?: number;
  close(): Promise<void>;
}

const urlHost = (host: string): string => {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return net.isIPv6(host) ? `[${host}]` : host;
};

export async function startCompanion(opts: CompanionOptions): Promise<CompanionHandle> {
  const host = opts.host ?? '127.0.0.1';
  const sipDomain = (opts.sipDomain ?? DEFAULT_SIP_DOMAIN).toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(sipDomain)) throw new Error(`Invalid SIP domain "${sipDomain}".`);
  const level = opts.logLevel ?? (opts.logger ? 'info' : 'error');

  const db = await openDatabase(opts.dataDir);
  let app: FastifyInstance | undefined;
  let edge: SipEdge | undefined;
  let eventsSocket: EventsSocket | undefined;
  let wrapUp: WrapUpService | undefined;
  let events: EventLog | undefined;
  try {
    app = Fastify({ logger: { level, stream: process.stderr }, bodyLimit: 64 * 1024 });
    const log = app.log;
    const secret = loadOrCreateSecret(opts.dataDir, opts.secret);
    const users = new UsersRepo(db);
    const queues = new QueuesRepo(db);
    const settings = new SettingsRepo(db);
    const conversations = new ConversationsRepo(db);
    const people = new PeopleRepo(db);
    events = new EventLog(db, (e) => log.error({ err: e }, 'event log write failed'));
    await events.init();

    if (opts.demo ?? true) {
      if (await seedDemo(users, queues, sipDomain)) {
        await seedDemoContactCenter(people, settings);
        log.info('demo data created: agents alice, bob; supervisor sam; queue support; People');
      }
    }
    if (opts.admin) await bootstrapSupervisor(users, sipDomain, opts.admin.login, opts.admin.password);
    if ((await users.countUsers()) === 0) {
      log.warn('The database has no users: set COMPANION_ADMIN_LOGIN and COMPANION_ADMIN_PASSWORD (or start with --demo).');
    }

    const presence = new Presence(users, events);
    await presence.load();
    wrapUp = new WrapUpService(db, settings, presence, events);
    const tokens = new TokenSigner(secret);
    const limiter = new LoginLimiter();

    let sipPort: number | undefined;
    if (opts.sipPort !== undefined) {
      sipPort = opts.sipPort === 0 ? await freeUdpTcpPort(host) : opts.sipPort;
      // The `sip` package has no error handling on bind: check first rather than crash later.
      if (!(await portFreeForUdpAndTcp(sipPort, host))) throw new Error(`SIP port ${sipPort} is already in use on ${host} (UDP or TCP).`);
    }

    let sipWebSocketUrl = '';
    const wildcard = host === '0.0.0.0' || host === '::';
    const services: Services = {
      users, queues, settings, conversations, people, forms: new FormsRepo(db), presence, wrapUp, events, tokens, limiter, sipDomain,
      sipWebSocketUrl: (hostHeader) => (wildcard && hostHeader && /^[\w.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(hostHeader)
        ? `ws://${hostHeader}${SIP_WS_PATH}` : sipWebSocketUrl),
    };

    edge = new SipEdge({
      host, sipDomain, udpTcpPort: sipPort, secret, users, queues, presence, wrapUp, limiter, rateLimits: opts.sipRateLimits,
      ringTimeoutMs: async (accountId) => (await settings.routing(accountId)).ringTimeoutSeconds * 1000,
      maxWaitMs: (opts.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000,
      conversations: new CallConversations(conversations, people, events),
      workload: (accountId) => conversations.workload(accountId),
      isOpen: async (queue) => isOpen((await settings.queueSettings(queue.accountId, queue.id)).workingHours, new Date()),
      externalAllowed: async (accountId, number) => {
        const r = await externalDestination({ people, settings }, accountId, number);
        return r.ok ? r.person.name : undefined;
      },
      trunk: async (accountId) => (await settings.trunk(accountId)).trunk,
      callerIdNumber: async (accountId) => (await settings.accountNumbers(accountId))[0]?.number,
      outbound: new OutboundCalls({ conversations, people, queues, events, accountNumbers: (accountId) => settings.accountNumbers(accountId) }),
      // The queue's waiting strategy sets its maximum wait; otherwise the startup default.
      maxWaitMsFor: async (queue) => {
        const [strategies, queueSettings] = await Promise.all([settings.waitingStrategies(queue.accountId), settings.queueSettings(queue.accountId, queue.id)]);
        // The queue's own reference wins; else the strategy whose appliesTo names the queue.
        const strategy = strategies.find((w) => w.id === queueSettings.waitingStrategyId) ?? strategies.find((w) => w.appliesTo.includes(queue.name));
        return strategy ? strategy.maxWaitSeconds * 1000 : undefined;
      },
      autoAssignment: async (queue) => (await settings.queueSettings(queue.accountId, queue.id)).autoAssignment,
      log: (lvl, msg, err) => log[lvl](err === undefined ? {} : { err }, msg),
      trace: opts.sipTrace,
      ackTimeoutMs: opts.sipAckTimeoutMs,
      flowGraceMs: opts.sipFlowGraceMs,
      probeIntervalMs: opts.sipProbeIntervalMs,
    });
    eventsSocket = new EventsSocket(events, tokens, users, (msg, err) => log.warn({ err }, msg));

    installErrorHandling(app);
    app.decorateRequest('user', null);
    app.addHook('onSend', async (_req, reply) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    });
    await publicRoutes(app, services);
    await openApiRoute(app);
    await supervisorPageRoutes(app);
    await customerPageRoutes(app, opts.customerDistDir ?? defaultCustomerDist());
    await app.register(async (scope) => {
      scope.addHook('onRequest', requireUser(tokens, users));
      await meRoutes(scope, services);
      await supervisorRoutes(scope, services);
      await conversationRoutes(scope, services);
      await peopleRoutes(scope, services);
      await contactCenterRoutes(scope, services);
      await mediaSettingsRoutes(scope, services, db);
      await formRoutes(scope, services, services.forms);
    });
    await registerRecordings(app, { db, dataDir: opts.dataDir, tokens, users, log: (lvl, msg, err) => log[lvl](err === undefined ? {} : { err }, msg) });

    const sipEdge = edge;
    const evSocket = eventsSocket;
    app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const pathname = (req.url ?? '/').split('?')[0];
      if (pathname === SIP_WS_PATH) return sipEdge.handleUpgrade(req, socket, head);
      if (pathname === EVENTS_PATH) return evSocket.handleUpgrade(req, socket, head);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });

    await app.listen({ host, port: opts.port ?? 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('The HTTP server has no TCP address.');
    const base = `${urlHost(host)}:${address.port}`;
    sipWebSocketUrl = `ws://${base}${SIP_WS_PATH}`;

    let closing: Promise<void> | undefined;
    const fastify = app;
    const evLog = events;
    const wu = wrapUp;
    return {
      url: `http://${base}`,
      sipWebSocketUrl,
      sipDomain,
      sipPort,
      close: () => (closing ??= (async () => {
        sipEdge.close();
        evSocket.close();
        wu.close();
        await fastify.close();
        await evLog.flush();
        await db.destroy();
      })()),
    };
  } catch (e) {
    edge?.close();
    eventsSocket?.close();
    wrapUp?.close();
    await app?.close().catch(() => undefined);
    await events?.flush().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    throw e;
  }
}
