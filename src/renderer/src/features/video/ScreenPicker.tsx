// Electron's screen picker (§9.3): main offers the capturable screens and windows when the page asks for
// a display stream; the agent picks one (or cancels). The browser shows its own picker instead.
import { useEffect, useId, useRef, useState } from 'react';
import type { EventPayload } from '../../../../shared/contract.js';
import { useServices, useT } from '../../app/context.js';
import { useFocusTrap } from '../../app/focus-trap.js';
import { ModalDialog } from '../../app/ModalDialog.js';

type Request = EventPayload<'screenSourcesRequest'>;

export function ScreenPicker() {
  const { api } = useServices();
  const [request, setRequest] = useState<Request | null>(null);
  useEffect(() => api.on('screenSourcesRequest', (r) => setRequest(r)), [api]);
  if (!request) return null;
  const choose = (sourceId: string | null) => {
    setRequest(null);
    api.chooseScreenSource({ requestId: request.requestId, sourceId }).catch((err: unknown) => console.warn('chooseScreenSource failed', err));
  };
  return <PickerDialog request={request} choose={choose} />;
}

function PickerDialog({ request, choose }: { request: Request; choose: (sourceId: string | null) => void }) {
  const t = useT();
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog);
  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('button')?.focus();
  }, []);
  const group = (kind: 'screen' | 'window', title: string) => {
    const items = request.sources.filter((s) => s.kind === kind);
    if (items.length === 0) return null;
    return (
      <section className="picker-group">
        <h3>{title}</h3>
        <ul className="picker-list">
          {items.map((s) => (
            <li key={s.id}>
              <button type="button" className="picker-source" onClick={() => choose(s.id)}>
                {s.thumbnail && <img src={s.thumbnail} alt="" />}
                <span>{s.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  };
  return (
    <ModalDialog
      dialogRef={dialog}
      labelledBy={titleId}
      className="screen-picker"
      onKeyDown={(e) => {
        if (e.key === 'Escape') choose(null);
      }}
    >
      <h2 id={titleId}>{t('video.picker.title')}</h2>
      {request.sources.length === 0 && <p>{t('video.picker.empty')}</p>}
      {group('screen', t('video.picker.screens'))}
      {group('window', t('video.picker.windows'))}
      <button type="button" onClick={() => choose(null)}>
        {t('video.picker.cancel')}
      </button>
    </ModalDialog>
  );
}
