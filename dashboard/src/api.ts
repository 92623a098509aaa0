// The dashboard's one way to the server: /api/v1 with the login token. The token lives in
// sessionStorage (gone with the tab), never in a URL; a 401 drops it and shows the login page.
const TOKEN_KEY = 'zenml.dashboard.token';
const API = '/api/v1';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set(token: string) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    window.dispatchEvent(new Event('zenml:session'));
  },
};

export type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; query?: Query } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(API + withQuery(path, init.query), { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { message?: string; hint?: string };
  if (!response.ok) {
    if (response.status === 401 && token) session.clear();
    throw new ApiError(body.message ?? `${response.status} ${response.statusText}`, response.status, body.hint);
  }
  return body as T;
}

export async function login(username: string, password: string): Promise<void> {
  const { access_token } = await api<{ access_token: string }>('/login', { method: 'POST', body: { username, password } });
  session.set(access_token);
}

export async function logout(): Promise<void> {
  await api('/logout', { method: 'POST' }).catch(() => undefined);
  session.clear();
}
