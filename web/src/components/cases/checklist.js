// The material checklist at the window: the rows the clerk fills from the
// item version's materials (or a waiting case's), the judgement the server
// will make (docs/cases.md "Intake"), shown before the clerk submits, and
// the body the API takes. Pure functions: no UI library.
import { DEFAULT_TRUST } from '../../caseLabels.js';

/** Rows from the item's checklist; `received` preset for those given. */
export function rowsFromItem(materials) {
  return (materials || []).map((m, seq) => ({
    seq,
    name: m.name,
    required: !!m.required,
    role: m.role || 'main',
    want: m.form || 'original', // original | copy | original_and_copy
    wantCount: m.count || 1,
    medium: m.medium || 'either',
    elicence: m.elicence_type || '',
    note: m.note || '',
    received: '',
    count: m.count || 1,
    file_ref: '',
    elicence_ref: '',
    trust_level: '',
    defective: false,
    reason: '',
    locked: false, // already accepted on the case: shown, not sent again
    was: null,
  }));
}

/** Rows for a supplement: the case's materials over the item's checklist;
 * those already ok are locked, the others start as "not received". */
export function rowsFromCase(caseMaterials, itemMaterials) {
  const base = rowsFromItem(itemMaterials?.length ? itemMaterials : caseMaterials.map((m) => ({
    name: m.name, required: m.required, role: m.role, form: 'original', count: m.count || 1,
  })));
  for (const m of caseMaterials || []) {
    const r = base[m.seq];
    if (!r) continue;
    r.was = { status: m.status, reason: m.reason, form: m.form, count: m.count, due: m.due };
    if (m.status === 'ok') {
      r.locked = true;
      r.received = m.form || '';
      r.count = m.count || r.count;
      r.file_ref = m.file_ref || '';
      r.elicence_ref = m.elicence_ref || '';
      r.trust_level = m.trust_level || '';
    }
  }
  return base;
}

const isPaper = (f) => f === 'paper_original' || f === 'paper_copy';

/** What the system will say about one row: {status: ok|missing|defective|none, reason}. */
export function judge(r) {
  if (r.locked) return { status: 'ok', reason: '' };
  if (!r.received) return r.required ? { status: 'missing', reason: '未提交' } : { status: 'none', reason: '非必要材料，未提交' };
  if (r.defective) return { status: 'defective', reason: r.reason || '请填写缺陷原因' };
  if (r.want === 'original' && r.received === 'paper_copy') return { status: 'defective', reason: '需提交原件，收到的是复印件' };
  if (isPaper(r.received) && (Number(r.count) || 0) < r.wantCount) {
    return { status: 'defective', reason: `份数不足：需 ${r.wantCount} 份，收到 ${Number(r.count) || 0} 份` };
  }
  return { status: 'ok', reason: '' };
}

/** A row's own input problem (before judging): '' when fine. */
export function rowError(r) {
  if (r.locked || !r.received) return '';
  if (isPaper(r.received) && !(Number(r.count) >= 1 && Number(r.count) <= 99)) return '份数应为 1–99';
  if (r.received === 'upload' && !r.file_ref.trim()) return '请填写上传文件的编号';
  if (r.received === 'elicence' && !r.elicence_ref.trim()) return '请填写电子证照编号';
  if (r.defective && !r.reason.trim()) return '请写明材料的缺陷（一次性告知书会列出）';
  return '';
}

/** The `materials` of an intake or supplement body: the rows received now. */
export function rowsToBody(rows) {
  return rows.filter((r) => !r.locked && r.received).map((r) => {
    const m = { seq: r.seq, form: r.received };
    if (isPaper(r.received)) m.count = Number(r.count) || 1;
    if (r.received === 'upload') m.file_ref = r.file_ref.trim();
    if (r.received === 'elicence') m.elicence_ref = r.elicence_ref.trim();
    if (r.trust_level && r.trust_level !== DEFAULT_TRUST[r.received]) m.trust_level = r.trust_level;
    if (r.defective) { m.status = 'defective'; m.reason = r.reason.trim(); }
    return m;
  });
}

/** What the server will decide from these rows (before any 不予受理):
 * accept | tolerate (容缺 possible with a commitment) | supplement (一次性告知). */
export function predict(rows, tolerance) {
  const gaps = rows.filter((r) => r.required && judge(r).status !== 'ok');
  if (!gaps.length) return { kind: 'accept', gaps };
  const onlySecondary = gaps.every((r) => r.role === 'secondary' && judge(r).status === 'missing');
  if (tolerance && onlySecondary) return { kind: 'tolerate', gaps };
  return { kind: 'supplement', gaps };
}

/** Marks every required row not yet received as a paper original (the common case). */
export function receiveAllOriginals(rows) {
  for (const r of rows) {
    if (r.locked || r.received || !r.required) continue;
    r.received = r.want === 'copy' ? 'paper_copy' : 'paper_original';
    r.count = r.wantCount;
  }
}
