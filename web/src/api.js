// The one way the UI talks to the server: JSON over fetch, the session cookie,
// the CSRF header on every non-GET request, and API errors as ApiError.
const BASE = '/api/v1';
const CSRF_KEY = 'yw_csrf';

export class ApiError extends Error {
  constructor(status, body) {
    const b = body && typeof body === 'object' ? body : {};
    super(b.hint || b.error || `HTTP ${status}`);
    this.status = status;
    this.code = b.code ?? 0;
    this.error = b.error || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.hint = b.hint || '';
    this.detail = b.detail || '';
    this.field = b.field || '';
    // The whole reply: some errors carry more than the registry's members
    // (an import's per-row report, for one).
    this.body = body && typeof body === 'object' ? body : null;
  }
}

/** The text shown to a person: the registry hint, then the detail. */
export function errorText(e) {
  if (!e) return '';
  if (e instanceof ApiError) {
    if (e.status === 0) return '无法连接服务器，请检查网络后重试 / The server cannot be reached';
    // Some replies repeat the hint as the detail: say it once.
    const parts = e.detail && e.hint && (e.hint === e.detail || e.hint.includes(e.detail))
      ? [e.hint] : [e.hint, e.detail].filter(Boolean);
    if (parts.length) return parts.join('：');
    if (e.status >= 500) return `服务暂时不可用，请稍后重试 (HTTP ${e.status})`;
    return `请求失败 (HTTP ${e.status})`;
  }
  return String(e.message || e);
}

/** The form field an error belongs to: "hours[2]" and "hours.2" → "hours". */
export function errorField(e) {
  if (!(e instanceof ApiError) || !e.field) return '';
  return String(e.field).split(/[.[]/)[0];
}

export function getCsrf() {
  try { return sessionStorage.getItem(CSRF_KEY) || ''; } catch { return ''; }
}
export function setCsrf(v) {
  try {
    if (v) sessionStorage.setItem(CSRF_KEY, v);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch { /* private mode: keep going without persistence */ }
}

// Called when a request comes back 401 (session gone); set by the session module.
let onUnauthorized = null;
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

function query(params) {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** The URL of an API path, for links the browser follows itself (downloads, images). */
export function apiUrl(path, params) {
  return BASE + path + query(params);
}

/** `raw` sends a string as it is (with `contentType`) instead of JSON. */
export async function request(method, path, { body, params, quiet401 = false, raw, contentType } = {}) {
  const headers = { Accept: 'application/json' };
  if (raw !== undefined) headers['Content-Type'] = contentType || 'text/plain; charset=utf-8';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = getCsrf();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res;
  try {
    res = await fetch(BASE + path + query(params), {
      method,
      headers,
      credentials: 'same-origin',
      body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && !quiet401 && onUnauthorized) onUnauthorized(err);
    throw err;
  }
  return data;
}

export const api = {
  get: (path, params, opts) => request('GET', path, { params, ...opts }),
  post: (path, body, opts) => request('POST', path, { body: body ?? {}, ...opts }),
  put: (path, body, opts) => request('PUT', path, { body: body ?? {}, ...opts }),
  del: (path, opts) => request('DELETE', path, opts),
};

/** CRUD helpers for a resource under /api/v1/<name>. */
export function resource(name) {
  return {
    list: (params) => api.get(`/${name}`, params),
    get: (id) => api.get(`/${name}/${id}`),
    create: (obj) => api.post(`/${name}`, obj),
    update: (id, obj) => api.put(`/${name}/${id}`, obj),
    remove: (id) => api.del(`/${name}/${id}`),
  };
}
