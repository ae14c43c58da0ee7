// The knowledge base (src/api/kb_api.c) and the API keys of integrating
// systems (src/api/apikey_api.c), in one place, with the labels and role
// rules their pages share.
import { api, request } from './api.js';

export const KB_STATES = {
  draft: '草稿',
  proposed: '待审核',
  published: '已发布',
  rejected: '已退回',
  retired: '已停用',
};
export const KB_STATE_TAGS = { draft: 'info', proposed: 'warning', published: 'success', rejected: 'danger', retired: 'info' };

// docs/knowledge.md "Roles": writers propose for their own department;
// the centre (supervisors, administrators) reviews.
export const KB_WRITERS = ['hotline_handler', 'hotline_agent', 'supervisor', 'admin'];
export const KB_REVIEWERS = ['supervisor', 'admin'];
export const hasRole = (user, list) => (user?.roles || []).some((r) => list.includes(r));

export const kb = {
  search: (params) => api.get('/kb/search', params),
  list: (params) => api.get('/kb/articles', params),
  get: (id) => api.get(`/kb/articles/${id}`),
  create: (body) => api.post('/kb/articles', body),
  /** version: the one read (sent as If-Match). */
  update: (id, version, body) => request('PUT', `/kb/articles/${id}`, { body: { ...body, version } }),
  approve: (id, version, note) => api.post(`/kb/articles/${id}/approve`, { version, ...(note ? { note } : {}) }),
  reject: (id, version, reason) => api.post(`/kb/articles/${id}/reject`, { version, reason }),
  review: (id, version) => api.post(`/kb/articles/${id}/review`, { version }),
  retire: (id, version, reason) => api.post(`/kb/articles/${id}/retire`, { version, ...(reason ? { reason } : {}) }),
};

export const apiKeys = {
  list: () => api.get('/api-keys'),
  create: (name) => api.post('/api-keys', { name }),
  revoke: (id) => api.post(`/api-keys/${id}/revoke`, {}),
};

/** The article's validity as one phrase. */
export function validityText(a) {
  if (!a?.valid_from && !a?.valid_to) return '长期有效';
  return `${a.valid_from || '不限'} 至 ${a.valid_to || '长期'}`;
}
