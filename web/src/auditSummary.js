// Audit summaries are JSON written by the server: created or deleted values
// ({"name":"…"}), or changed fields as {"field":[before, after]}. Render them
// as short Chinese lines; anything else is shown as it is.
import { FIELD_LABELS } from './labels.js';
import { fmtDateTime } from './format.js';

function parse(summary) {
  if (summary && typeof summary === 'object') return summary;
  if (typeof summary !== 'string') return null;
  const t = summary.trim();
  if (!t.startsWith('{')) return null;
  try { return JSON.parse(t); } catch { return null; }
}

function show(v, key) {
  if (v === null || v === undefined || v === '') return '空';
  // List fields arrive as JSON text inside the summary: "[\"A\",\"B\"]".
  if (typeof v === 'string' && v.startsWith('[')) {
    try { return show(JSON.parse(v), key); } catch { /* plain text after all */ }
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (key === 'locked_until' && typeof v === 'number') return fmtDateTime(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => show(x)).join('、') : '空';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Lines such as "名称：A → B" or "用户名：admin". */
export function summaryLines(summary, action) {
  const o = parse(summary);
  if (!o) return summary ? [String(summary)] : [];
  const changed = action === 'update';
  return Object.entries(o).map(([k, v]) => {
    const label = FIELD_LABELS[k] || k;
    if (changed && Array.isArray(v) && v.length === 2) return `${label}：${show(v[0], k)} → ${show(v[1], k)}`;
    return `${label}：${show(v, k)}`;
  });
}

export function summaryText(summary, action) {
  return summaryLines(summary, action).join('；') || '—';
}
