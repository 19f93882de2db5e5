// Minimal supervisor web page at /supervisor: sign in, then edit ring timeout, wrap-up and transfer options.
// Plain HTML and one small script (no build step); messages come from the API's validation errors verbatim.
import type { FastifyInstance } from 'fastify';
import { CUSTOMER_CSP } from '../http/customer-page.js';

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Companion — supervisor settings</title>
<link rel="stylesheet" href="/supervisor/style.css">
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>Supervisor settings</h1>
<form id="signin" aria-label="Sign in">
  <label>Login <input name="login" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
  <p class="msg" role="alert" data-for="signin"></p>
</form>
<div id="settings" hidden>
  <form id="routing" aria-label="Routing">
    <h2>Routing</h2>
    <label>Ring timeout (seconds, 3–60) <input name="ringTimeoutSeconds" type="number" required></label>
    <button type="submit">Save</button> <button type="button" id="routing-reset">Reset to default</button>
    <p class="msg" role="alert" data-for="routing"></p>
  </form>
  <form id="wrapup" aria-label="Wrap-up">
    <h2>Wrap-up</h2>
    <label><input name="enabled" type="checkbox"> Wrap-up after every call</label>
    <label>Duration (seconds) <input name="seconds" type="number" required></label>
    <label><input name="allowExtension" type="checkbox"> Allow "+10s"</label>
    <button type="submit">Save</button>
    <p class="msg" role="alert" data-for="wrapup"></p>
  </form>
  <form id="transfer" aria-label="Transfers">
    <h2>Transfers</h2>
    <label><input name="allowNumbersNotInPeople" type="checkbox"> Allow numbers not in People</label>
    <button type="submit">Save</button>
    <p class="msg" role="alert" data-for="transfer"></p>
  </form>
</div>
</main>
<script type="module" src="/supervisor/app.js"></script>
</body>
</html>
`;

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:40rem}form{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
label{display:block;margin:.5rem 0}.msg{min-height:1.2em}.msg.error{color:#b00020}.msg.ok{color:#116611}`;

const JS = `const $ = (s) => document.querySelector(s);
let token = '';
const say = (form, text, ok) => { const m = document.querySelector('[data-for="' + form + '"]'); m.textContent = text; m.className = 'msg ' + (ok ? 'ok' : 'error'); };
async function call(method, path, body) {
  const res = await fetch(path, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: 'Bearer ' + token } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error((data && data.error && data.error.message) || ('Request failed (' + res.status + ').'));
  return data;
}
function fill() {
  return Promise.all([call('GET', '/api/settings/routing'), call('GET', '/api/settings/wrapup'), call('GET', '/api/settings/transfer')]).then(([r, w, t]) => {
    $('#routing').ringTimeoutSeconds.value = r.ringTimeoutSeconds;
    $('#wrapup').enabled.checked = w.enabled; $('#wrapup').seconds.value = w.seconds; $('#wrapup').allowExtension.checked = w.allowExtension;
    $('#transfer').allowNumbersNotInPeople.checked = t.allowNumbersNotInPeople;
  });
}
const num = (v) => (v.trim() === '' ? NaN : Number(v));
function onSubmit(id, path, read) {
  $('#' + id).addEventListener('submit', (e) => {
    e.preventDefault();
    let body;
    try { body = read($('#' + id)); } catch (err) { say(id, err.message, false); return; }
    call('PUT', path, body).then(() => say(id, 'Saved.', true), (err) => say(id, err.message, false));
  });
}
$('#signin').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  call('POST', '/api/login', { login: f.login.value, password: f.password.value }).then((r) => {
    if (r.me.role !== 'supervisor') throw new Error('Only supervisors may change settings.');
    token = r.token;
    f.hidden = true; $('#settings').hidden = false;
    return fill();
  }).catch((err) => say('signin', err.message, false));
});
onSubmit('routing', '/api/settings/routing', (f) => ({ ringTimeoutSeconds: num(f.ringTimeoutSeconds.value) }));
onSubmit('wrapup', '/api/settings/wrapup', (f) => ({ enabled: f.enabled.checked, seconds: num(f.seconds.value), allowExtension: f.allowExtension.checked }));
onSubmit('transfer', '/api/settings/transfer', (f) => ({ allowNumbersNotInPeople: f.allowNumbersNotInPeople.checked }));
$('#routing-reset').addEventListener('click', () => call('POST', '/api/settings/routing/reset').then((r) => { $('#routing').ringTimeoutSeconds.value = r.ringTimeoutSeconds; say('routing', 'Reset to the default.', true); }, (err) => say('routing', err.message, false)));
`;

export async function supervisorPageRoutes(app: FastifyInstance): Promise<void> {
  const send = (type: string, body: string) => async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('content-type', type).header('content-security-policy', CUSTOMER_CSP).header('cache-control', 'no-cache').send(body);
  app.get('/supervisor', send('text/html; charset=utf-8', HTML));
  app.get('/supervisor/', send('text/html; charset=utf-8', HTML));
  app.get('/supervisor/app.js', send('text/javascript; charset=utf-8', JS));
  app.get('/supervisor/style.css', send('text/css; charset=utf-8', CSS));
}
