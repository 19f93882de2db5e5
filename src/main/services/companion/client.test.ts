import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../shared/contract.js';
import { CompanionClient, normaliseBaseUrl, type FetchLike } from './client.js';

const me = { id: 'u1', login: 'alice', displayName: 'Alice', role: 'agent', accountId: 'demo', status: 'Offline', sipUri: 'sip:alice@softphone.test' };

function fakeFetch(routes: Record<string, (init?: RequestInit) => { status: number; body?: unknown } | Error>): { fetch: FetchLike; seen: { url: string; init?: RequestInit }[] } {
  const seen: { url: string; init?: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({ url, init });
    const route = routes[`${init?.method ?? 'GET'} ${new URL(url).pathname}`];
    const r = route ? route(init) : { status: 404, body: { error: { code: 'not_found', message: 'Not found.' } } };
    if (r instanceof Error) throw r;
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status });
  };
  return { fetch, seen };
}

describe('CompanionClient', () => {
  it('logs in, keeps the token and sends it as a bearer', async () => {
    const { fetch, seen } = fakeFetch({
      'POST /api/login': () => ({ status: 200, body: { token: 't0k', me } }),
      'GET /api/me': () => ({ status: 200, body: me }),
    });
    const c = new CompanionClient('http://127.0.0.1:7400/', fetch);
    expect((await c.login('alice', 'alice')).me.login).toBe('alice');
    await c.me();
    expect((seen[1]!.init!.headers as Record<string, string>).authorization).toBe('Bearer t0k');
    expect(c.eventsUrl(41)).toBe('ws://127.0.0.1:7400/api/events?token=t0k&cursor=41');
  });

  it('turns a refused login into "Wrong login or password."', async () => {
    const { fetch } = fakeFetch({ 'POST /api/login': () => ({ status: 401, body: { error: { code: 'invalid_credentials', message: 'Invalid login.' } } }) });
    await expect(new CompanionClient('http://x.test', fetch).login('a', 'b')).rejects.toEqual(new BridgeError('wrong_credentials', 'Wrong login or password.'));
  });

  it('passes the server message of other errors through, and explains unreachable servers and odd answers', async () => {
    const { fetch } = fakeFetch({
      'POST /api/login': () => ({ status: 429, body: { error: { code: 'too_many_attempts', message: 'Too many attempts. Try again in a minute.' } } }),
      'GET /api/health': () => ({ status: 200, body: { status: 'ok' } }),
    });
    const c = new CompanionClient('http://x.test', fetch);
    await expect(c.login('a', 'b')).rejects.toMatchObject({ code: 'too_many_attempts', message: 'Too many attempts. Try again in a minute.' });
    await expect(c.health()).rejects.toMatchObject({ code: 'bad_response', message: 'The companion server sent an unexpected answer to GET /api/health.' });
    const down = new CompanionClient('http://x.test', async () => { throw new TypeError('fetch failed'); });
    await expect(down.health()).rejects.toMatchObject({ code: 'companion_unreachable', message: 'Cannot reach the companion server at http://x.test.' });
    await expect(down.me()).rejects.toMatchObject({ code: 'not_signed_in' });
  });

  it('validates base URLs', () => {
    expect(normaliseBaseUrl('https://cc.example.com/base/')).toBe('https://cc.example.com/base');
    expect(() => normaliseBaseUrl('ftp://x')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => normaliseBaseUrl('nope')).toThrow(/not a valid URL/);
  });
});
