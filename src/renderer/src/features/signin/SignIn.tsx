// Sign-in form. The bridge's error message (e.g. "Wrong login or password.") is shown as an alert.
import { useId, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { errorText, useServices, useT } from '../../app/context.js';

const UrlSchema = z.string().url().max(500);

export function SignIn() {
  const t = useT();
  const { api, store } = useServices();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [server, setServer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { login: useId(), password: useId(), server: useId(), title: useId() };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const companionUrl = server.trim();
    if (!login.trim() || !password) return setError(t('signIn.missing'));
    if (companionUrl && !UrlSchema.safeParse(companionUrl).success) return setError(t('signIn.invalidUrl'));
    setError(null);
    setBusy(true);
    const since = store.getSnapshot().version;
    try {
      const state = await api.signIn({ login: login.trim(), password, ...(companionUrl ? { companionUrl } : {}) });
      store.setAppIfUnchanged(state, since);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="panel sign-in-form" onSubmit={submit} aria-labelledby={ids.title} noValidate>
        <h1 id={ids.title}>{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        <div className="field">
          <label htmlFor={ids.login}>{t('signIn.login')}</label>
          <input id={ids.login} value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" autoFocus maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t('signIn.password')}</label>
          <input id={ids.password} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" maxLength={200} />
        </div>
        <details className="server-settings">
          <summary>{t('signIn.serverSettings')}</summary>
          <div className="field">
            <label htmlFor={ids.server}>{t('signIn.server')}</label>
            <input id={ids.server} type="url" value={server} onChange={(e) => setServer(e.target.value)} placeholder="https://" maxLength={500} />
          </div>
        </details>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {t('signIn.submit')}
          </button>
          {busy && <span className="muted">{t('signIn.working')}</span>}
        </div>
      </form>
    </main>
  );
}
