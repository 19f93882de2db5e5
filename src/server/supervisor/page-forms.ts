// Conversation forms section of the supervisor page (§8.3 "optional form"): pick a form or "New form",
// edit its name and fields (one per line), save or delete. Uses the page script's $, call, say, option and
// onSubmit; messages are the API's, verbatim.
export const FORMS_HTML = `  <form id="conv-form" aria-label="Conversation forms">
    <h2>Conversation forms</h2>
    <label>Form <select name="formId" data-fixed="1"><option value="">New form</option></select></label>
    <label>Form name <input name="formName"></label>
    <label>Fields (one per line, up to 20) <textarea name="formFields" rows="6" aria-describedby="conv-form-hint"></textarea></label>
    <p id="conv-form-hint" class="hint">A line is a text field: <code>Comment</code>. End the label with * for a required field: <code>Order number*</code>. Add options after a colon for a choice: <code>Reason*: Sales, Support</code>.</p>
    <button type="submit">Save form</button>
    <button type="button" id="conv-form-delete">Delete form</button>
    <p class="msg" role="alert" data-for="conv-form"></p>
  </form>
`;

export const FORMS_JS = String.raw`let convForms = [];
// "Reason*: Sales, Support" -> { label: 'Reason', kind: 'choice', options: ['Sales', 'Support'], required: true }
function formFieldOf(line) {
  const i = line.indexOf(':');
  let label = (i < 0 ? line : line.slice(0, i)).trim();
  const required = label.endsWith('*');
  if (required) label = label.slice(0, -1).trim();
  if (i < 0) return { label, kind: 'text', required };
  return { label, kind: 'choice', options: line.slice(i + 1).split(',').map((x) => x.trim()).filter(Boolean), required };
}
const formLineOf = (f) => f.label + (f.required ? '*' : '') + (f.kind === 'choice' ? ': ' + f.options.join(', ') : '');
function showConvForm() {
  const f = $('#conv-form');
  const cur = convForms.find((x) => x.id === f.formId.value);
  f.formName.value = cur ? cur.name : '';
  f.formFields.value = cur ? cur.fields.map(formLineOf).join('\n') : '';
}
async function fillForms(keepId) {
  convForms = (await call('GET', '/api/forms')).forms;
  const sel = $('#conv-form').formId;
  while (sel.options.length > 1) sel.remove(1);
  for (const x of convForms) sel.append(option(x.id, x.name));
  sel.value = keepId && convForms.some((x) => x.id === keepId) ? keepId : '';
  showConvForm();
}
$('#conv-form').formId.addEventListener('change', showConvForm);
onSubmit('conv-form', async (f) => {
  const body = { name: f.formName.value, fields: f.formFields.value.split('\n').map((l) => l.trim()).filter(Boolean).map(formFieldOf) };
  const saved = f.formId.value
    ? await call('PUT', '/api/forms/' + encodeURIComponent(f.formId.value), body)
    : await call('POST', '/api/forms', body);
  await fillForms(saved.id);
});
$('#conv-form-delete').addEventListener('click', () => {
  const f = $('#conv-form');
  if (!f.formId.value) return;
  call('DELETE', '/api/forms/' + encodeURIComponent(f.formId.value)).then(() => fillForms()).then(() => say('conv-form', 'Deleted.', true), (err) => say('conv-form', err.message, false));
});
`;
