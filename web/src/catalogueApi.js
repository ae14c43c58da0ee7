// The service catalogue's routes (src/api/catalogue_api.c), in one place.
import { api, apiUrl, request } from './api.js';
import { normaliseThemes } from './catalogue.js';

// The citizen pages are public: a 401 there must not send anyone to a login page.
const quiet = { quiet401: true };

export const items = {
  list: (params, opts) => api.get('/items', params, opts),
  get: (id, version, opts) => api.get(`/items/${id}`, version ? { version } : undefined, opts),
  versions: (id) => api.get(`/items/${id}/versions`),
  diff: (id, from, to) => api.get(`/items/${id}/diff`, { from, to }),
  create: (body) => api.post('/items', body),
  update: (id, body) => api.put(`/items/${id}`, body),
  publish: (id, body) => api.post(`/items/${id}/publish`, body || {}),
  retire: (id, body) => api.post(`/items/${id}/retire`, body || {}),
  /** text: the file's content; kind 'csv' | 'json'. */
  import: (text, kind, dryRun) => request('POST', '/items/import', {
    raw: text,
    contentType: kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    params: dryRun ? { dry_run: 1 } : undefined,
  }),
  exportUrl: (format, params) => apiUrl('/items/export', { ...params, format }),
  qrUrl: (id) => apiUrl(`/items/${id}/qr.svg`),
};

export const publicItems = {
  list: (params) => api.get('/items', params, quiet),
  get: (id) => api.get(`/items/${id}`, undefined, quiet),
};

export async function fetchThemes(params, opts = quiet) {
  return normaliseThemes(await api.get('/catalogue/themes', params, opts));
}

/** Departments with published items: [{department_id, department, short_name, items}]. */
export async function fetchDepartments(opts = quiet) {
  return rowsOf(await api.get('/catalogue/departments', undefined, opts));
}

export const kpis = (params) => api.get('/catalogue/kpis', params);

/** A list reply's rows, whatever the envelope ({items}, {data}, bare array). */
export function rowsOf(r) {
  if (Array.isArray(r)) return r;
  return r?.items || r?.versions || r?.data || r?.rows || [];
}
