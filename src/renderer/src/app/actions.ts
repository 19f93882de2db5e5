// Runs a bridge call and turns a failure into an error notice, so every button reports errors the same way.
import { useCallback } from 'react';
import { BridgeError } from '../../../shared/contract.js';
import { errorText, useServices, useT } from './context.js';

export function useRunAction(): (action: () => Promise<unknown>) => Promise<boolean> {
  const { store } = useServices();
  const t = useT();
  return useCallback(
    async (action) => {
      try {
        await action();
        return true;
      } catch (err) {
        const code = err instanceof BridgeError ? err.code : 'error';
        store.addNotice({ level: 'error', code, message: errorText(t, err) });
        return false;
      }
    },
    [store, t],
  );
}

/** Elements where the agent is typing text: focus must not be stolen from them and keys are theirs. */
export function isTypingTarget(el: Element | EventTarget | null): boolean {
  if (!el || typeof (el as Element).tagName !== 'string') return false;
  const element = el as HTMLElement;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea') return true;
  if (tag !== 'input') return false;
  const type = ((element as HTMLInputElement).type || 'text').toLowerCase();
  return ['text', 'search', 'email', 'tel', 'url', 'password', 'number'].includes(type);
}
