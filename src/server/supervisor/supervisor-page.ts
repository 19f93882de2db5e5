// Supervisor web page at /supervisor: sign in, then edit routing, wrap-up (org and per agent), transfers,
// queues (members, auto-assignment, working hours, waiting strategy, away message), waiting strategies, hold
// configurations and People; recordings (list, play, download with CSV, delete). Plain HTML and one script (no build step); messages are the API's, verbatim.
import type { FastifyInstance } from 'fastify';
import { CUSTOMER_CSP } from '../http/customer-page.js';
import { SUPERVISOR_HTML as HTML } from './page-html.js';
import { SUPERVISOR_JS as JS } from './page-script.js';
import { RECORDINGS_CSS } from './page-recordings.js';

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:40rem}form{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
label{display:block;margin:.5rem 0}fieldset{margin:.5rem 0}.hint{color:#555;font-size:.9em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left}.msg{min-height:1.2em}.msg.error{color:#b00020}.msg.ok{color:#116611}
${RECORDINGS_CSS}`;

export async function supervisorPageRoutes(app: FastifyInstance): Promise<void> {
  const send = (type: string, body: string) => async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('content-type', type).header('content-security-policy', CUSTOMER_CSP).header('cache-control', 'no-cache').send(body);
  app.get('/supervisor', send('text/html; charset=utf-8', HTML));
  app.get('/supervisor/', send('text/html; charset=utf-8', HTML));
  app.get('/supervisor/app.js', send('text/javascript; charset=utf-8', JS));
  app.get('/supervisor/style.css', send('text/css; charset=utf-8', CSS));
}
