// Script of the supervisor page: plain browser JavaScript (no build step), served as /supervisor/app.js.
// It only talks to the REST API; every error shown is the API's own message. Data goes into the DOM as text,
// never as HTML.
import { FORMS_JS } from './page-forms.js';
import { RECORDINGS_JS } from './page-recordings.js';
export const SUPERVISOR_JS = String.raw`const $ = (s, root) => (root || document).querySelector(s);
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
let token = '';
let strategies = [];
let agents = [];
let queues = [];
const say = (form, text, ok) => { const m = $('[data-for="' + form + '"]'); m.textContent = text; m.className = 'msg ' + (ok ? 'ok' : 'error'); };
async function call(method, path, body) {
  const res = await fetch(path, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: 'Bearer ' + token } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error((data && data.error && data.error.message) || ('Request failed (' + res.status + ').'));
  return data;
}
const num = (v) => (String(v).trim() === '' ? NaN : Number(v));
const list = (v) => v.split(',').map((x) => x.trim()).filter(Boolean);
const option = (value, text) => { const o = document.createElement('option'); o.value = value; o.textContent = text; return o; };
// "09:00-17:00, 18:00-20:00" -> ranges; the server checks the times and says what is wrong.
const ranges = (v) => list(v).map((r) => { const [from, to] = r.split('-').map((x) => x.trim()); return { from: from || '', to: to || '' }; });
const showRanges = (rs) => rs.map((r) => r.from + '-' + r.to).join(', ');
function exceptions(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [date, ...rest] = l.split(/\s+/);
    const tail = rest.join(' ');
    return { date, ranges: /^closed$/i.test(tail) || tail === '' ? [] : ranges(tail) };
  });
}
const showExceptions = (xs) => xs.map((x) => x.date + ' ' + (x.ranges.length ? showRanges(x.ranges) : 'closed')).join('\n');
// A message part from a text field: empty = off; an uploaded file stays as it was while the field is empty.
function part(text, language, previous) {
  if (text.trim() === '') return previous && previous.source && previous.source.kind === 'file' ? previous : { enabled: false, source: null };
  return { enabled: true, source: { kind: 'tts', text, language, voice: 'default', rate: 1 } };
}
const ttsText = (p) => (p && p.enabled && p.source && p.source.kind === 'tts' ? p.source.text : '');
const ttsLanguage = (p, fallback) => (p && p.source && p.source.kind === 'tts' ? p.source.language : fallback);

function fillSelect(sel, items, keep) {
  const before = keep ? sel.value : '';
  while (sel.options.length > (sel.dataset.fixed ? Number(sel.dataset.fixed) : 0)) sel.remove(sel.options.length - 1);
  for (const [v, t] of items) sel.append(option(v, t));
  if (before && [...sel.options].some((o) => o.value === before)) sel.value = before;
}

async function loadAll() {
  const [r, w, t, a, q, ws] = await Promise.all([
    call('GET', '/api/settings/routing'), call('GET', '/api/settings/wrapup'), call('GET', '/api/settings/transfer'),
    call('GET', '/api/agents'), call('GET', '/api/queues'), call('GET', '/api/settings/waiting-strategies'),
  ]);
  $('#routing').ringTimeoutSeconds.value = r.ringTimeoutSeconds;
  $('#wrapup').enabled.checked = w.enabled; $('#wrapup').seconds.value = w.seconds; $('#wrapup').allowExtension.checked = w.allowExtension;
  $('#transfer').allowNumbersNotInPeople.checked = t.allowNumbersNotInPeople;
  agents = a.agents; queues = q.queues; strategies = ws.strategies;
  fillSelect($('#agent-wrapup').login, agents.map((x) => [x.login, x.displayName + ' (' + x.login + ')']), true);
  fillAgentWrapUp();
  fillSelect($('#queue').queue, queues.map((x) => [x.name, x.displayName + ' (' + x.name + ')']), true);
  fillStrategySelects();
  fillSelect($('#hold').holdTarget, queues.map((x) => [x.name, 'Queue ' + x.displayName]), true);
  await Promise.all([fillQueue(), fillHold(), fillPeople(), fillForms()]);
  fillStrategy();
}

function fillAgentWrapUp() {
  const f = $('#agent-wrapup');
  const a = agents.find((x) => x.login === f.login.value);
  if (!a) return;
  f.mode.value = a.wrapUp.mode; f.seconds.value = a.wrapUp.mode === 'custom' ? a.wrapUp.seconds : '';
}

function fillStrategySelects() {
  fillSelect($('#queue').waitingStrategyId, [['', 'By "applies to" (none chosen)'], ...strategies.map((s) => [s.id, s.name])], true);
  fillSelect($('#strategy').strategyId, [['', 'New waiting strategy'], ...strategies.map((s) => [s.id, s.name])], true);
}

async function fillQueue() {
  const f = $('#queue');
  const q = queues.find((x) => x.name === f.queue.value);
  if (!q) return;
  const s = await call('GET', '/api/queues/' + encodeURIComponent(q.name) + '/settings');
  const box = $('#queue-members');
  for (const l of [...box.querySelectorAll('label')]) l.remove();
  const members = new Set(q.members.map((m) => m.login));
  for (const a of agents) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox'; input.name = 'member'; input.value = a.login; input.checked = members.has(a.login);
    label.append(input, ' ' + a.displayName + ' (' + a.login + ')');
    box.append(label);
  }
  f.autoAssignment.checked = s.autoAssignment;
  f.hoursEnabled.checked = s.workingHours.enabled;
  f.timeZone.value = s.workingHours.timeZone;
  for (const d of DAYS) f['day-' + d].value = showRanges(s.workingHours.weekly[d]);
  f.exceptions.value = showExceptions(s.workingHours.exceptions);
  f.waitingStrategyId.value = s.waitingStrategyId || '';
  f.awayText.value = ttsText(s.awayMessage);
  f.awayLanguage.value = ttsLanguage(s.awayMessage, f.awayLanguage.value);
  f.dataset.away = JSON.stringify(s.awayMessage);
}

function fillStrategy() {
  const f = $('#strategy');
  const s = strategies.find((x) => x.id === f.strategyId.value);
  f.strategyName.value = s ? s.name : '';
  f.appliesTo.value = s ? s.appliesTo.join(', ') : '';
  f.maxWaitSeconds.value = s ? s.maxWaitSeconds : '';
  f.greeting.value = s ? ttsText(s.greeting) : '';
  f.musicOnHold.checked = s ? s.musicOnHold.enabled : false;
  f.announcement.value = s ? ttsText(s.announcement) : '';
  f.announcementRepeat.value = s ? s.announcement.repeatSeconds : 30;
  f.maxWaitMessage.value = s ? ttsText(s.maxWaitMessage) : '';
  f.announcePosition.checked = s ? s.announcePosition : false;
  if (s) f.language.value = ttsLanguage(s.greeting, ttsLanguage(s.announcement, f.language.value));
  $('#strategy-delete').disabled = !s;
}

const holdPath = (target) => (target ? '/api/queues/' + encodeURIComponent(target) + '/hold' : '/api/settings/hold/default');
async function fillHold() {
  const f = $('#hold');
  const h = await call('GET', holdPath(f.holdTarget.value));
  f.enabled.checked = h.enabled;
  f.announcement.value = ttsText(h.announcement);
  f.language.value = ttsLanguage(h.announcement, f.language.value);
  f.repeatSeconds.value = h.repeatSeconds;
  f.dataset.previous = JSON.stringify(h);
}

async function fillPeople() {
  const r = await call('GET', '/api/people?limit=200');
  const body = $('#people-table tbody');
  body.replaceChildren(...r.people.map((p) => {
    const tr = document.createElement('tr');
    for (const text of [p.name, p.numbers.join(', '), p.tags.join(', ')]) { const td = document.createElement('td'); td.textContent = text; tr.append(td); }
    return tr;
  }));
}

function onSubmit(id, act) {
  $('#' + id).addEventListener('submit', (e) => {
    e.preventDefault();
    Promise.resolve().then(() => act($('#' + id))).then((text) => say(id, text || 'Saved.', true), (err) => say(id, err.message, false));
  });
}

$('#signin').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  call('POST', '/api/login', { login: f.login.value, password: f.password.value }).then((r) => {
    if (r.me.role !== 'supervisor') throw new Error('Only supervisors may change settings.');
    token = r.token;
    const recordings = listRecordings().catch((err) => say('recordings', err.message, false));
    // The settings appear once filled in: typing into a section still loading would be overwritten by it.
    return loadAll().finally(() => { f.hidden = true; $('#settings').hidden = false; }).then(() => recordings);
  }).catch((err) => say('signin', err.message, false));
});

onSubmit('routing', (f) => call('PUT', '/api/settings/routing', { ringTimeoutSeconds: num(f.ringTimeoutSeconds.value) }).then(() => undefined));
$('#routing-reset').addEventListener('click', () => call('POST', '/api/settings/routing/reset').then((r) => { $('#routing').ringTimeoutSeconds.value = r.ringTimeoutSeconds; say('routing', 'Reset to the default.', true); }, (err) => say('routing', err.message, false)));
onSubmit('wrapup', (f) => call('PUT', '/api/settings/wrapup', { enabled: f.enabled.checked, seconds: num(f.seconds.value), allowExtension: f.allowExtension.checked }).then(() => undefined));
$('#agent-wrapup').login.addEventListener('change', fillAgentWrapUp);
onSubmit('agent-wrapup', async (f) => {
  const body = f.mode.value === 'custom' ? { mode: 'custom', seconds: num(f.seconds.value) } : { mode: 'default' };
  await call('PUT', '/api/agents/' + encodeURIComponent(f.login.value) + '/wrapup', body);
  agents = (await call('GET', '/api/agents')).agents;
});
onSubmit('transfer', (f) => call('PUT', '/api/settings/transfer', { allowNumbersNotInPeople: f.allowNumbersNotInPeople.checked }).then(() => undefined));

$('#queue').queue.addEventListener('change', () => fillQueue().catch((err) => say('queue', err.message, false)));
onSubmit('queue', async (f) => {
  const name = encodeURIComponent(f.queue.value);
  const weekly = {};
  for (const d of DAYS) weekly[d] = ranges(f['day-' + d].value);
  // Settings first (they carry nearly all the validation), then members, so bad input changes nothing.
  await call('PATCH', '/api/queues/' + name + '/settings', {
    autoAssignment: f.autoAssignment.checked,
    workingHours: { enabled: f.hoursEnabled.checked, timeZone: f.timeZone.value.trim(), weekly, exceptions: exceptions(f.exceptions.value) },
    waitingStrategyId: f.waitingStrategyId.value || null,
    awayMessage: part(f.awayText.value, f.awayLanguage.value.trim(), JSON.parse(f.dataset.away || 'null')),
  });
  const logins = [...f.querySelectorAll('input[name=member]:checked')].map((i) => i.value);
  await call('PUT', '/api/queues/' + name + '/members', { logins });
  queues = (await call('GET', '/api/queues')).queues;
});

$('#strategy').strategyId.addEventListener('change', fillStrategy);
onSubmit('strategy', async (f) => {
  const old = strategies.find((x) => x.id === f.strategyId.value);
  const lang = f.language.value.trim();
  const body = {
    name: f.strategyName.value, appliesTo: list(f.appliesTo.value), maxWaitSeconds: num(f.maxWaitSeconds.value),
    greeting: part(f.greeting.value, lang, old && old.greeting),
    musicOnHold: { enabled: f.musicOnHold.checked, audioId: old ? old.musicOnHold.audioId : null },
    announcement: { ...part(f.announcement.value, lang, old && old.announcement), repeatSeconds: num(f.announcementRepeat.value) },
    maxWaitMessage: part(f.maxWaitMessage.value, lang, old && old.maxWaitMessage),
    announcePosition: f.announcePosition.checked,
  };
  const saved = old ? await call('PUT', '/api/settings/waiting-strategies/' + encodeURIComponent(old.id), body) : await call('POST', '/api/settings/waiting-strategies', body);
  strategies = (await call('GET', '/api/settings/waiting-strategies')).strategies;
  fillStrategySelects();
  f.strategyId.value = saved.id;
  fillStrategy();
});
$('#strategy-delete').addEventListener('click', () => {
  const f = $('#strategy');
  if (!f.strategyId.value) return;
  call('DELETE', '/api/settings/waiting-strategies/' + encodeURIComponent(f.strategyId.value)).then(async () => {
    strategies = (await call('GET', '/api/settings/waiting-strategies')).strategies;
    f.strategyId.value = '';
    fillStrategySelects(); fillStrategy();
    say('strategy', 'Deleted.', true);
  }, (err) => say('strategy', err.message, false));
});

$('#hold').holdTarget.addEventListener('change', () => fillHold().catch((err) => say('hold', err.message, false)));
onSubmit('hold', async (f) => {
  const previous = JSON.parse(f.dataset.previous || 'null');
  await call('PUT', holdPath(f.holdTarget.value), {
    enabled: f.enabled.checked, musicAudioId: previous ? previous.musicAudioId : null,
    announcement: part(f.announcement.value, f.language.value.trim(), previous && previous.announcement),
    repeatSeconds: num(f.repeatSeconds.value),
  });
});

onSubmit('person', async (f) => {
  await call('POST', '/api/people', { name: f.personName.value, numbers: list(f.numbers.value), tags: list(f.tags.value) });
  f.personName.value = ''; f.numbers.value = ''; f.tags.value = '';
  await fillPeople();
  return 'Added.';
});
${FORMS_JS}${RECORDINGS_JS}`;
