// Minimal supervisor web page at /supervisor: sign in, then edit ring timeout, wrap-up and transfer options,
// and list, play (the browser's own controls: play/pause, seek, volume, mute, full screen for video),
// download (file + CSV) or delete single recordings, per conversation when filtered.
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
  <section id="recordings" aria-label="Recordings">
    <h2>Recordings</h2>
    <form id="rec-filter" aria-label="Filter recordings">
      <label>Conversation ID <input name="conversationId"></label>
      <button type="submit">Show</button>
    </form>
    <p class="msg" role="alert" data-for="recordings"></p>
    <table>
      <thead><tr><th>File</th><th>Leg</th><th>Agent</th><th>End user</th><th>Start (UTC)</th><th>Actions</th></tr></thead>
      <tbody id="rec-rows"></tbody>
    </table>
    <section id="player" hidden>
      <div id="player-media"></div>
      <dl id="player-details" aria-label="Details"></dl>
      <button type="button" id="player-close">Close</button>
    </section>
  </section>
</div>
</main>
<script type="module" src="/supervisor/app.js"></script>
</body>
</html>
`;

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:40rem}form{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
label{display:block;margin:.5rem 0}.msg{min-height:1.2em}.msg.error{color:#b00020}.msg.ok{color:#116611}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem;text-align:left;font-size:.9em}
#player video,#player audio{width:100%}#player dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}`;

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
    return Promise.all([fill(), listRecordings().catch((err) => say('recordings', err.message, false))]);
  }).catch((err) => say('signin', err.message, false));
});
onSubmit('routing', '/api/settings/routing', (f) => ({ ringTimeoutSeconds: num(f.ringTimeoutSeconds.value) }));
onSubmit('wrapup', '/api/settings/wrapup', (f) => ({ enabled: f.enabled.checked, seconds: num(f.seconds.value), allowExtension: f.allowExtension.checked }));
onSubmit('transfer', '/api/settings/transfer', (f) => ({ allowNumbersNotInPeople: f.allowNumbersNotInPeople.checked }));
const LEGS = { agent: 'Agent', customer: 'Customer', merged: 'Both (stereo)' };
let playerUrl = '';
function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
async function blobOf(path) {
  const res = await fetch(path, { headers: { authorization: 'Bearer ' + token } });
  if (!res.ok) { const d = await res.json().catch(() => null); throw new Error((d && d.error && d.error.message) || ('Request failed (' + res.status + ').')); }
  return res.blob();
}
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', undefined, { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
function closePlayer() {
  const media = $('#player-media');
  const m = media.querySelector('audio,video');
  if (m) m.pause();
  media.replaceChildren();
  if (playerUrl) URL.revokeObjectURL(playerUrl);
  playerUrl = '';
  $('#player').hidden = true;
}
async function play(r) {
  const blob = await blobOf('/api/recordings/' + encodeURIComponent(r.id) + '/content');
  closePlayer();
  playerUrl = URL.createObjectURL(blob);
  const m = el(r.mimeType.startsWith('video/') ? 'video' : 'audio', undefined, { controls: '', autoplay: '', src: playerUrl, 'aria-label': r.fileName });
  $('#player-media').append(m);
  const d = $('#player-details');
  d.replaceChildren();
  for (const [k, v] of [['Agent', r.agentName], ['End user', r.endUserName || ''], ['Phone', r.endUserPhone || ''], ['Conversation ID', r.conversationId || ''], ['Call ID', r.callId], ['Start (UTC)', r.startedAt], ['End (UTC)', r.endedAt], ['Leg', LEGS[r.leg]], ['Direction', r.direction === 'inbound' ? 'Inbound' : 'Outbound']]) d.append(el('dt', k), el('dd', v));
  $('#player').setAttribute('aria-label', r.fileName);
  $('#player').hidden = false;
}
async function download(r) {
  const base = '/api/recordings/' + encodeURIComponent(r.id);
  save(await blobOf(base + '/content'), r.fileName);
  save(await blobOf(base + '/metadata.csv'), r.fileName.replace(/\\.[^.]+$/, '') + '.csv');
}
async function listRecordings() {
  const conv = $('#rec-filter').conversationId.value.trim();
  const data = await call('GET', '/api/recordings' + (conv ? '?conversationId=' + encodeURIComponent(conv) : ''));
  const rows = $('#rec-rows');
  rows.replaceChildren();
  if (data.recordings.length === 0) { const tr = el('tr'); tr.append(el('td', 'No recordings.', { colspan: '6' })); rows.append(tr); }
  for (const r of data.recordings) {
    const tr = el('tr');
    tr.append(el('td', r.fileName), el('td', LEGS[r.leg]), el('td', r.agentName), el('td', r.endUserName || r.endUserPhone || ''), el('td', r.startedAt));
    const actions = el('td');
    const act = (label, fn) => {
      const b = el('button', label, { type: 'button', 'aria-label': label + ' ' + r.fileName });
      b.addEventListener('click', () => fn(r).then(() => say('recordings', '', true), (err) => say('recordings', err.message, false)));
      actions.append(b, ' ');
    };
    act('Play', play);
    act('Download', download);
    act('Delete', async (x) => {
      if (!confirm('Delete this file permanently?\\n' + x.fileName)) return;
      await call('DELETE', '/api/recordings/' + encodeURIComponent(x.id));
      if ($('#player').getAttribute('aria-label') === x.fileName) closePlayer();
      await listRecordings();
    });
    tr.append(actions);
    rows.append(tr);
  }
}
$('#rec-filter').addEventListener('submit', (e) => { e.preventDefault(); listRecordings().catch((err) => say('recordings', err.message, false)); });
$('#player-close').addEventListener('click', closePlayer);
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
