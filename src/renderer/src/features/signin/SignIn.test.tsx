// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../../shared/contract.js';
import { cleanupAfterEach, renderApp, signedInState } from '../../test/harness.js';

cleanupAfterEach();

describe('sign in', () => {
  it('signs in and shows the workspace', async () => {
    const h = renderApp({
      handlers: {
        signIn: (args) => {
          expect(args).toEqual({ login: 'alice', password: 'secret' });
          return signedInState();
        },
      },
    });
    const { user } = h;
    await user.type(await screen.findByLabelText('Login'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Alice Example')).toBeTruthy();
    expect(screen.getByText('Registered')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
    expect(h.handlers.signIn).toHaveBeenCalledTimes(1);
  });

  it('shows the bridge error message in an alert and keeps the form', async () => {
    const h = renderApp({
      handlers: {
        signIn: () => {
          throw new BridgeError('auth_failed', 'Wrong login or password.');
        },
      },
    });
    const { user } = h;
    await user.type(await screen.findByLabelText('Login'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Wrong login or password.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('shows main’s message for unknown error codes and our Japanese wording for known ones', async () => {
    let code = 'registration_failed';
    const h = renderApp({
      locale: 'ja',
      handlers: {
        signIn: () => {
          throw new BridgeError(code, code === 'wrong_credentials' ? 'Wrong login or password.' : 'SIP registration timed out.');
        },
      },
    });
    const { user } = h;
    await user.type(await screen.findByLabelText('ログインID'), 'alice');
    await user.type(screen.getByLabelText('パスワード'), 'x');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    expect((await screen.findByRole('alert')).textContent).toBe('SIP registration timed out.');
    code = 'wrong_credentials';
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('ログインIDまたはパスワードが正しくありません。'));
  });

  it('asks for both fields before calling main and validates the optional server URL', async () => {
    const h = renderApp();
    const { user } = h;
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter your login and password.');
    await user.type(screen.getByLabelText('Login'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByText('Server settings'));
    await user.type(screen.getByLabelText('Companion server URL (optional)'), 'not a url');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/full server address/));
    expect(h.handlers.signIn).not.toHaveBeenCalled();
  });
});
