// Recordings section of the supervisor page: list (filtered by conversation), play with the browser's own
// controls (play/pause, seek, volume, mute, full screen for video), details, download with its CSV, and
// single-file delete (the server writes the audit record). Uses the page script's $, call, say and token.
export const RECORDINGS_HTML = `  <section id="recordings" aria-label="Recordings">
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
`;

export const RECORDINGS_CSS = `table{width:100%}#player video,#player audio{width:100%}#player dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}`;

export const RECORDINGS_JS = String.raw`const LEGS = { agent: 'Agent', customer: 'Customer', merged: 'Both (stereo)' };
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
  save(await blobOf(base + '/metadata.csv'), r.fileName.replace(/\.[^.]+$/, '') + '.csv');
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
      if (!confirm('Delete this file permanently?\n' + x.fileName)) return;
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
`;
