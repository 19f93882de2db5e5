// Small REST helper for tests: sign in and call the companion API as a given user.
export async function api<T = unknown>(base: string, method: string, route: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function login(base: string, user: string, password = user): Promise<string> {
  const r = await api<{ token: string }>(base, 'POST', '/api/login', undefined, { login: user, password });
  if (r.status !== 200) throw new Error(`login ${user} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
