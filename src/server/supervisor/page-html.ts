// Markup of the supervisor page (/supervisor). Every control has a visible label (its accessible name);
// each form has a live message line that shows the server's validation message verbatim.
import { FORMS_HTML } from './page-forms.js';
import { RECORDINGS_HTML } from './page-recordings.js';
const DAYS: Array<[string, string]> = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];

const msg = (form: string) => `<p class="msg" role="alert" data-for="${form}"></p>`;

const weekly = DAYS.map(([d, name]) => `<label>${name} <input name="day-${d}" placeholder="09:00-17:00, 18:00-20:00"></label>`).join('\n      ');

export const SUPERVISOR_HTML = `<!doctype html>
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
  ${msg('signin')}
</form>
<div id="settings" hidden>
  <form id="routing" aria-label="Routing">
    <h2>Routing</h2>
    <label>Ring timeout (seconds, 3–60) <input name="ringTimeoutSeconds" type="number" required></label>
    <p class="hint">Applies to every queue: after it, the next agent rings.</p>
    <button type="submit">Save</button> <button type="button" id="routing-reset">Reset to default</button>
    ${msg('routing')}
  </form>
  <form id="wrapup" aria-label="Wrap-up">
    <h2>Wrap-up</h2>
    <label><input name="enabled" type="checkbox"> Wrap-up after every call</label>
    <label>Duration (seconds) <input name="seconds" type="number" required></label>
    <label><input name="allowExtension" type="checkbox"> Allow "+10s"</label>
    <button type="submit">Save</button>
    ${msg('wrapup')}
  </form>
  <form id="agent-wrapup" aria-label="Agent wrap-up">
    <h2>Wrap-up per agent</h2>
    <label>Agent <select name="login"></select></label>
    <label>Wrap-up duration <select name="mode"><option value="default">Default</option><option value="custom">Custom</option></select></label>
    <label>Custom duration (seconds) <input name="seconds" type="number"></label>
    <button type="submit">Save</button>
    ${msg('agent-wrapup')}
  </form>
  <form id="transfer" aria-label="Transfers">
    <h2>Transfers</h2>
    <label><input name="allowNumbersNotInPeople" type="checkbox"> Allow numbers not in People</label>
    <button type="submit">Save</button>
    ${msg('transfer')}
  </form>
  <form id="queue" aria-label="Queues">
    <h2>Queues</h2>
    <label>Queue <select name="queue"></select></label>
    <fieldset id="queue-members"><legend>Members</legend></fieldset>
    <label><input name="autoAssignment" type="checkbox"> Auto-assignment</label>
    <fieldset><legend>Working hours</legend>
      <label><input name="hoursEnabled" type="checkbox"> Use working hours (off: always open)</label>
      <label>Time zone <input name="timeZone" placeholder="Asia/Tokyo"></label>
      ${weekly}
      <label>Exceptions (one per line: "2026-12-31 closed" or "2026-12-24 09:00-12:00") <textarea name="exceptions" rows="3"></textarea></label>
    </fieldset>
    <label>Waiting strategy <select name="waitingStrategyId"></select></label>
    <fieldset><legend>Away message (outside working hours)</legend>
      <label>Away message text <input name="awayText"></label>
      <label>Away message language <input name="awayLanguage" value="en-US"></label>
    </fieldset>
    <button type="submit">Save</button>
    ${msg('queue')}
  </form>
  <form id="strategy" aria-label="Waiting strategies">
    <h2>Waiting strategies</h2>
    <label>Waiting strategy <select name="strategyId"></select></label>
    <label>Name <input name="strategyName"></label>
    <label>Applies to (queue names, comma-separated) <input name="appliesTo"></label>
    <label>Maximum wait (seconds, 10–3600) <input name="maxWaitSeconds" type="number"></label>
    <label>Message language <input name="language" value="en-US"></label>
    <label>Greeting text <input name="greeting"></label>
    <label><input name="musicOnHold" type="checkbox"> Music on hold</label>
    <label>Announcement text <input name="announcement"></label>
    <label>Announcement repeat (seconds, 5–600) <input name="announcementRepeat" type="number" value="30"></label>
    <label>Maximum-wait message text <input name="maxWaitMessage"></label>
    <label><input name="announcePosition" type="checkbox"> Announce position in queue</label>
    <button type="submit">Save</button> <button type="button" id="strategy-delete">Delete</button>
    ${msg('strategy')}
  </form>
  <form id="hold" aria-label="Hold configurations">
    <h2>Hold configurations</h2>
    <label>Hold configuration for <select name="holdTarget" data-fixed="1"><option value="">Default (new queues, disabled ones)</option></select></label>
    <label><input name="enabled" type="checkbox"> Enabled</label>
    <label>Hold announcement text <input name="announcement"></label>
    <label>Hold announcement language <input name="language" value="en-US"></label>
    <label>Repeat every (seconds, 5–600) <input name="repeatSeconds" type="number"></label>
    <button type="submit">Save</button>
    ${msg('hold')}
  </form>
  <form id="person" aria-label="People">
    <h2>People</h2>
    <table id="people-table"><caption>Contacts</caption><thead><tr><th scope="col">Name</th><th scope="col">Numbers</th><th scope="col">Tags</th></tr></thead><tbody></tbody></table>
    <label>Name <input name="personName"></label>
    <label>Numbers (E.164, comma-separated) <input name="numbers" placeholder="+81312345678"></label>
    <label>Tags (comma-separated, e.g. external_number) <input name="tags"></label>
    <button type="submit">Add person</button>
    ${msg('person')}
  </form>
${FORMS_HTML}${RECORDINGS_HTML}
</div>
</main>
<script type="module" src="/supervisor/app.js"></script>
</body>
</html>
`;
