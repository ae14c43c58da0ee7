// The case (办件) routes (docs/cases.md "API"), in one place, for the window,
// the issuing window, the department workbench, the supervisors' lists and
// the citizen pages.
import { api, apiUrl } from './api.js';

// The public progress page must never send anyone to a login page.
const quiet = { quiet401: true };

export const cases = {
  intake: (body) => api.post('/cases', body),
  list: (params) => api.get('/cases', params),
  get: (id) => api.get(`/cases/${id}`),
  supplement: (id, materials) => api.post(`/cases/${id}/supplement`, { materials }),
  comment: (id, text) => api.post(`/cases/${id}/comments`, { text }),
  inbox: (params) => api.get('/case-inbox', params),
  warnings: (params) => api.get('/case-warnings', params),
  heads: (departmentId) => api.get(`/departments/${departmentId}/heads`),
  /** action: claim approve reject return extend special resume transfer; the
   * step's version as read goes along, so a step someone else moved is CONFLICT. */
  stepAct: (step, action, body = {}) => api.post(`/case-steps/${step.id}/${action}`, { version: step.version, ...body }),
  extension: (id, approve, reason) => api.post(`/cases/${id}/extension/${approve ? 'approve' : 'refuse'}`, reason ? { reason } : {}),
  addResult: (id, body) => api.post(`/cases/${id}/results`, body),
  /** {method: pickup|post, recipient?, phone?, address?} → {pickup_code, case} */
  chooseDelivery: (id, body) => api.post(`/cases/${id}/delivery`, body),
  ship: (id, body) => api.post(`/cases/${id}/delivery/ship`, body),
  confirm: (id, body) => api.post(`/cases/${id}/delivery/confirm`, body || {}),
  // POST, not GET ?code=: the code hands the result over and must not end up
  // in access logs or the browser's history.
  findPickup: (code) => api.post('/pickups/lookup', { code }),
  pickup: (body) => api.post('/pickups', body),
  mine: (params) => api.get('/cases/mine', params),
  mineOne: (id) => api.get(`/cases/mine/${id}`),
  progress: (caseNo, key) => api.post('/progress', { case_no: caseNo, key }, quiet),
};

/** The URL of a notice PDF (the browser opens it with the session cookie). */
export function noticeUrl(caseId, kind) {
  return apiUrl(`/cases/${caseId}/notices/${kind}.pdf`);
}

/** Opens a notice in a new tab for printing; false when the browser blocked it. */
export function openNotice(caseId, kind) {
  // Not 'noopener': with it window.open always returns null and a blocked
  // popup could not be told from an opened one.
  const w = window.open(noticeUrl(caseId, kind), '_blank');
  if (w) w.opener = null;
  return !!w;
}

/** The rows of every page of a list (at most `max` rows), for small lists. */
export async function allPages(fetchPage, { pageSize = 200, max = 1000 } = {}) {
  const rows = [];
  for (let page = 1; rows.length < max; page++) {
    // eslint-disable-next-line no-await-in-loop
    const r = await fetchPage({ page, page_size: pageSize });
    rows.push(...(r?.items || []));
    if (!r?.items?.length || page * pageSize >= (r.total ?? 0)) break;
  }
  return rows;
}

/** Runs `fn` over `list` with at most `n` at a time (detail reads for a list). */
export async function mapLimit(list, n, fn) {
  const out = new Array(list.length);
  let next = 0;
  async function worker() {
    while (next < list.length) {
      const i = next++;
      // eslint-disable-next-line no-await-in-loop
      try { out[i] = await fn(list[i], i); } catch (e) { out[i] = { error: e }; }
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, list.length) }, worker));
  return out;
}
