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

// Paper files (物料全流程跟踪, docs/cases.md "Paper files").
export const caseFiles = {
  ofCase: (caseId) => api.get(`/cases/${caseId}/files`),
  /** {title?, pages?, window_id?, place?}: a new file at the front desk, with its label. */
  create: (caseId, body) => api.post(`/cases/${caseId}/files`, body || {}),
  /** {code, stage: department|issuing|archive, window_id?, department_id?, place?, note?} → {repeated, file} */
  scan: (body) => api.post('/case-files/scan', body),
  get: (id) => api.get(`/case-files/${id}`),
  byCode: (code) => api.get(`/case-files/by-code/${encodeURIComponent(code)}`),
  list: (params) => api.get('/case-files', params),
};

// Case statistics (办件统计, docs/cases.md "Statistics").
export const caseStats = {
  get: (params) => api.get('/case-stats', params),
  /** The CSV or xlsx of the same query, for a download link. */
  url: (params, format) => apiUrl('/case-stats', { ...params, format }),
};

/** Opens an empty tab for the labels at once, inside the click, so no popup
 * blocker stops it while the labels are still being made. */
export function openLabelWindow() {
  const w = window.open('', '_blank');
  if (w) {
    w.document.title = '正在生成标签…';
    if (w.document.body) w.document.body.textContent = '正在生成标签…';
  }
  return w;
}

const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Fills the tab with the labels (one 60 × 40 mm label a page, the server's
 * SVG with the QR code of the label code) and opens the print dialog once
 * every label has loaded. */
export function showLabels(w, files) {
  if (!w || w.closed) return false;
  const origin = window.location.origin;
  const labels = files.map((f) => `<figure class="label" data-code="${esc(f.code)}"><img src="${esc(origin + f.label_url)}" alt="${esc(f.code)}"></figure>`).join('');
  const caseNos = [...new Set(files.map((f) => f.case_no))].join('、');
  // Automated browsers (tests) have no one to close the print dialog.
  const autoPrint = !window.navigator.webdriver;
  w.document.open();
  w.document.write(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>纸质材料标签 ${esc(caseNos)}</title>
<style>
@page { size: 60mm 40mm; margin: 0; }
html, body { margin: 0; padding: 0; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }
.label { width: 60mm; height: 40mm; margin: 0; page-break-after: always; break-after: page; overflow: hidden; }
.label:last-child { page-break-after: auto; break-after: auto; }
.label img { width: 60mm; height: 40mm; display: block; }
.bar { display: flex; gap: 12px; align-items: center; padding: 12px 16px; background: #fff; border-bottom: 1px solid #e5e6eb; position: sticky; top: 0; }
.bar b { font-size: 15px; } .bar span { color: #86909c; font-size: 13px; }
.bar button { font-size: 14px; padding: 6px 16px; border-radius: 4px; border: 1px solid #1f64c8; background: #1f64c8; color: #fff; cursor: pointer; }
.bar button.plain { background: #fff; color: #1f2329; border-color: #dcdfe6; }
@media screen { body { background: #f2f3f5; } .sheet { padding: 16px; display: flex; flex-wrap: wrap; gap: 12px; }
  .label { background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.15); } }
@media print { .bar { display: none; } .sheet { padding: 0; } }
</style></head><body>
<div class="bar"><b>纸质材料标签（${files.length} 张）</b><span>标签纸 60 × 40 mm，每张一页；贴在材料袋封面，交接时扫描二维码</span>
<button type="button" id="print" onclick="window.print()">打印</button><button type="button" class="plain" onclick="window.close()">关闭</button></div>
<div class="sheet" id="sheet">${labels}</div>
<script>
(function () {
  var imgs = Array.prototype.slice.call(document.images), left = imgs.length;
  function done() { if (--left === 0) { document.body.setAttribute('data-ready', '1'); ${autoPrint ? 'setTimeout(function () { window.print(); }, 100);' : ''} } }
  imgs.forEach(function (i) { if (i.complete) done(); else { i.onload = done; i.onerror = function () { i.alt = '标签加载失败：' + i.alt; done(); }; } });
})();
</script></body></html>`);
  w.document.close();
  return true;
}

/** Opens the print page of these files' labels; false when the browser blocked it. */
export function printLabels(files) {
  const w = openLabelWindow();
  if (!w) return false;
  showLabels(w, files);
  return true;
}
