// The conversation status picker (My work, wrap-up): Open / Waiting / Solved / Closed in the UI language.
import { CONVERSATION_STATUSES, type ConversationStatus } from '../../../../shared/companion-cc.js';
import { useT } from '../../app/context.js';

export function ConversationStatusSelect({ id, value, onChange }: { id: string; value: ConversationStatus; onChange: (status: ConversationStatus) => void }) {
  const t = useT();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as ConversationStatus)}>
      {CONVERSATION_STATUSES.map((s) => (
        <option key={s} value={s}>
          {t(`conversation.${s}`)}
        </option>
      ))}
    </select>
  );
}
