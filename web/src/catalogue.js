// The service item format (docs/catalogue-format.md) as the UI needs it:
// Chinese labels of the enumerations, an empty item, the form ⇄ body
// conversion, field labels (for errors and diffs) and a few derived facts
// (visits wording, step totals). No UI library here: both the citizen pages
// and the staff console import it.

export const ITEM_TYPES = {
  licensing: '行政许可',
  confirmation: '行政确认',
  payment: '行政给付',
  adjudication: '行政裁决',
  reward: '行政奖励',
  filing: '行政备案',
  other_power: '其他行政权力',
  public_service: '公共服务',
};
export const SERVICE_OBJECTS = { person: '自然人', legal_person: '法人' };
export const HANDLING_TYPES = { immediate: '即办件', promised: '承诺件', joint: '联办件', reported: '上报件' };
export const REVIEW_TYPES = { instant: '即审即办', pre_review: '前审后批' };
export const HANDLING_FORMS = { window: '窗口办理', online: '网上办理', post: '快递申请' };
export const RESULT_TYPES = { licence: '证照', approval: '批文', filing_receipt: '备案回执', other: '其他' };
export const DELIVERIES = { pickup: '窗口领取', post: '邮寄', electronic: '电子证照' };
export const CROSS_SCOPES = { none: '不跨域', city: '全市通办', province: '全省通办', national: '跨省通办' };
export const MATERIAL_ROLES = { main: '主要材料', secondary: '次要材料（可容缺）' };
export const MATERIAL_FORMS = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件' };
export const MATERIAL_MEDIA = { paper: '纸质', electronic: '电子', either: '纸质或电子' };
export const TRUST_LEVELS = {
  A: 'A 本机关核发',
  B: 'B 窗口人员核验',
  C: 'C 申请人上传',
  D: 'D 申请人承诺',
};
export const STEP_ROLES = { clerk: '窗口人员', approver: '审批人员', hall_manager: '大厅管理员', catalogue_admin: '事项管理员', supervisor: '效能监督' };
export const ITEM_STATUS = { draft: '草稿', published: '已发布', retired: '已取消' };
export const VERSION_STATUS = { draft: '草稿', published: '现行', superseded: '已被替代', retired: '已取消' };
export const ONLINE_DEPTHS = {
  1: 'Ⅰ 网上咨询',
  2: 'Ⅱ 网上预审',
  3: 'Ⅲ 网上受理',
  4: 'Ⅳ 全程网办',
};
export const ONLINE_DEPTH_SHORT = { 1: 'Ⅰ', 2: 'Ⅱ', 3: 'Ⅲ', 4: 'Ⅳ' };
export const VISITS = { 0: '零跑动', 1: '最多跑一次', 2: '需多次到现场' };

export function statusTag(s) {
  return { draft: 'warning', published: 'success', retired: 'info', superseded: 'info' }[s] || 'info';
}

/** "全程网办" / "最多跑一次" / "零跑动（快递）": what a citizen cares about. */
export function visitsText(item) {
  if (!item) return '';
  if (item.online_depth === 4) return '全程网办 · 零跑动';
  if (item.visits === 0) return '零跑动';
  if (item.visits === 1) return '最多跑一次';
  return '需多次到现场';
}

/** Sequential steps add up; a parallel group counts as its longest step. */
export function stepsTotal(steps) {
  let total = 0;
  const groups = new Map();
  for (const s of steps || []) {
    const d = Number(s.limit_days) || 0;
    const g = (s.parallel_group || '').trim();
    if (!g) total += d;
    else groups.set(g, Math.max(groups.get(g) || 0, d));
  }
  for (const d of groups.values()) total += d;
  return total;
}

/** Labels of the item's fields, for errors and the version diff. */
export const ITEM_FIELD_LABELS = {
  code: '实施编码',
  region: '区划',
  region_id: '区划',
  name: '事项名称',
  type: '事项类型',
  department: '主管部门',
  department_id: '主管部门',
  implementing_agency: '实施主体',
  service_objects: '服务对象',
  legal_basis: '设定依据',
  conditions: '受理条件',
  materials: '申请材料',
  steps: '办理流程',
  statutory_limit_days: '法定办结时限',
  promised_limit_days: '承诺办结时限',
  handling_type: '办件类型',
  review_type: '审批方式',
  fee: '收费',
  online_depth: '网上办理深度',
  visits: '到现场次数',
  handling_forms: '办理形式',
  result_type: '结果类型',
  result_name: '结果名称',
  delivery: '送达方式',
  halls: '办理地点',
  cross_region: '跨域通办',
  consult_phone: '咨询电话',
  complaint_phone: '投诉电话',
  tolerance: '容缺受理',
  themes: '主题',
  // members of list elements
  required: '必要',
  role: '类别',
  form: '原件/复印件',
  count: '份数',
  medium: '介质',
  elicence_type: '可替代的电子证照',
  sample: '样表',
  trust_level: '可信等级',
  note: '备注',
  limit_days: '时限',
  parallel_group: '并联组',
  hall: '大厅',
  hall_id: '大厅',
  comprehensive_window: '综窗可办',
  charged: '是否收费',
  items: '收费项目',
  amount_cny: '金额（元）',
  basis: '收费依据',
  scope: '范围',
  partners: '合作地区',
};

/**
 * "materials[2].role" → { root: 'materials', index: 2, member: 'role' };
 * "fee.items[0].amount_cny" → { root: 'fee', sub: 'items', index: 0, member: 'amount_cny' };
 * "promised_limit_days" → { root: 'promised_limit_days' }.
 */
export function parseFieldPath(path) {
  const out = { root: '', index: null, member: '', sub: '' };
  if (!path) return out;
  const m = /^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+)(?:\[(\d+)\])?)?(?:\.([a-z_]+))?$/.exec(String(path));
  if (!m) {
    out.root = String(path).split(/[.[]/)[0];
    return out;
  }
  out.root = m[1];
  if (m[2] !== undefined) {
    out.index = Number(m[2]);
    out.member = m[3] || '';
  } else if (m[3]) {
    // fee.items[0].amount_cny, cross_region.partners, fee.charged
    out.sub = m[3];
    if (m[4] !== undefined) out.index = Number(m[4]);
    out.member = m[5] || '';
  }
  return out;
}

// Members whose name depends on the list they are in.
const MEMBER_LABELS = {
  materials: { name: '材料名称', role: '主要/次要' },
  steps: { name: '环节名称', role: '办理角色', department: '办理部门', department_id: '办理部门' },
  items: { name: '收费项目' },
};

/** A readable name for a field path, e.g. "申请材料 · 第 3 行 · 主要/次要". */
export function fieldPathLabel(path) {
  const p = parseFieldPath(path);
  const parts = [ITEM_FIELD_LABELS[p.root] || p.root];
  if (p.sub) parts.push(ITEM_FIELD_LABELS[p.sub] || p.sub);
  if (p.index !== null) parts.push(`第 ${p.index + 1} 行`);
  if (p.member) parts.push(MEMBER_LABELS[p.sub || p.root]?.[p.member] || ITEM_FIELD_LABELS[p.member] || p.member);
  return parts.join(' · ');
}

/** A diff path from the server ("materials[居民身份证].count") in Chinese. */
export function diffPathLabel(path) {
  const out = [];
  let parent = '';
  for (const seg of String(path).split('.')) {
    const m = /^([a-z_]+)(?:\[(.*)\])?$/.exec(seg);
    if (!m) { out.push(seg); continue; }
    let t = MEMBER_LABELS[parent]?.[m[1]] || ITEM_FIELD_LABELS[m[1]] || m[1];
    if (m[2] !== undefined) t += /^\d+$/.test(m[2]) ? ` 第 ${Number(m[2]) + 1} 项` : `「${m[2]}」`;
    out.push(t);
    parent = m[1];
  }
  return out.join(' · ');
}

const ENUM_OF_FIELD = {
  type: ITEM_TYPES,
  service_objects: SERVICE_OBJECTS,
  handling_type: HANDLING_TYPES,
  review_type: REVIEW_TYPES,
  handling_forms: HANDLING_FORMS,
  result_type: RESULT_TYPES,
  delivery: DELIVERIES,
  scope: CROSS_SCOPES,
  role: { ...MATERIAL_ROLES, ...STEP_ROLES },
  form: MATERIAL_FORMS,
  medium: MATERIAL_MEDIA,
  trust_level: TRUST_LEVELS,
  online_depth: ONLINE_DEPTHS,
  visits: VISITS,
};

/** A value of a diff, shown in words: enumerations get their labels. */
export function diffValueText(path, v) {
  if (v === null || v === undefined || v === '') return '（空）';
  const last = String(path).split('.').pop().replace(/\[.*\]$/, '');
  const map = ENUM_OF_FIELD[last];
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (last.endsWith('_days') && typeof v === 'number') return `${v} 个工作日`;
  if (map && (typeof v === 'string' || typeof v === 'number')) return map[v] || String(v);
  if (Array.isArray(v)) {
    if (!v.length) return '（空）';
    if (v.every((x) => typeof x !== 'object')) return v.map((x) => (map && map[x]) || x).join('、');
    return v.map((x) => objectText(x)).join('；');
  }
  if (typeof v === 'object') return objectText(v);
  return String(v);
}

function objectText(o) {
  if (!o || typeof o !== 'object') return String(o);
  if (o.name) {
    const rest = Object.entries(o).filter(([k, x]) => k !== 'name' && !k.endsWith('_id') && x !== null && x !== '' && x !== undefined)
      .map(([k, x]) => `${ITEM_FIELD_LABELS[k] || k}：${diffValueText(k, x)}`);
    return rest.length ? `${o.name}（${rest.join('，')}）` : o.name;
  }
  if (o.hall || o.hall_id) return `${o.hall || `大厅#${o.hall_id}`}${o.comprehensive_window ? '（综窗）' : ''}`;
  return Object.entries(o).map(([k, x]) => `${ITEM_FIELD_LABELS[k] || k}：${diffValueText(k, x)}`).join('，');
}

export function blankMaterial() {
  return {
    name: '', required: true, role: 'main', form: 'original', count: 1, medium: 'paper',
    elicence_type: '', sample: '', trust_level: 'C', note: '',
  };
}
export function blankStep(name = '') {
  return { name, department_id: null, role: 'approver', limit_days: 0, parallel_group: '' };
}
export function blankFee() {
  return { name: '', amount_cny: 0, basis: '' };
}

/** A new item's form: a usual 承诺件 with the five classic steps. */
export function blankItem() {
  return {
    code: '',
    region_id: null,
    name: '',
    type: 'licensing',
    department_id: null,
    implementing_agency: '',
    service_objects: ['person'],
    legal_basis: '',
    conditions: '',
    materials: [blankMaterial()],
    steps: [
      { ...blankStep('受理'), role: 'clerk', limit_days: 1 },
      { ...blankStep('审查'), limit_days: 3 },
      { ...blankStep('决定'), limit_days: 1 },
    ],
    statutory_limit_days: 20,
    promised_limit_days: 5,
    handling_type: 'promised',
    review_type: 'pre_review',
    fee: { charged: false, items: [] },
    online_depth: 3,
    visits: 1,
    handling_forms: ['window', 'online'],
    result_type: 'licence',
    result_name: '',
    delivery: ['pickup'],
    halls: [],
    cross_region: { scope: 'none', partners: [] },
    consult_phone: '',
    complaint_phone: '12345', // the 12345 hotline takes complaints everywhere
    tolerance: false,
    themes: [],
  };
}

const s = (v) => (v === null || v === undefined ? '' : String(v));

/** The server's item → an editable form (every member present, '' for none). */
export function itemToForm(o) {
  const b = blankItem();
  if (!o) return b;
  return {
    code: s(o.code),
    region_id: o.region_id ?? null,
    name: s(o.name),
    type: o.type || b.type,
    department_id: o.department_id ?? null,
    implementing_agency: s(o.implementing_agency),
    service_objects: [...(o.service_objects || [])],
    legal_basis: s(o.legal_basis),
    conditions: s(o.conditions),
    materials: (o.materials || []).map((m) => ({
      ...blankMaterial(), ...m,
      elicence_type: s(m.elicence_type), sample: s(m.sample), note: s(m.note),
    })),
    steps: (o.steps || []).map((st) => ({
      ...blankStep(), ...st,
      department_id: st.department_id ?? null, parallel_group: s(st.parallel_group),
    })),
    statutory_limit_days: o.statutory_limit_days ?? b.statutory_limit_days,
    promised_limit_days: o.promised_limit_days ?? b.promised_limit_days,
    handling_type: o.handling_type || b.handling_type,
    review_type: o.review_type || b.review_type,
    fee: {
      charged: !!o.fee?.charged,
      items: (o.fee?.items || []).map((f) => ({ ...blankFee(), ...f, basis: s(f.basis) })),
    },
    online_depth: o.online_depth ?? b.online_depth,
    visits: o.visits ?? b.visits,
    handling_forms: [...(o.handling_forms || [])],
    result_type: o.result_type || b.result_type,
    result_name: s(o.result_name),
    delivery: [...(o.delivery || [])],
    halls: (o.halls || []).map((h) => ({ hall_id: h.hall_id ?? null, hall: s(h.hall), comprehensive_window: !!h.comprehensive_window })),
    cross_region: { scope: o.cross_region?.scope || 'none', partners: [...(o.cross_region?.partners || [])] },
    consult_phone: s(o.consult_phone),
    complaint_phone: s(o.complaint_phone),
    tolerance: !!o.tolerance,
    themes: [...(o.themes || [])],
  };
}

const orNull = (v) => {
  const t = typeof v === 'string' ? v.trim() : v;
  return t === '' || t === undefined ? null : t;
};

/** The form → the API body (ids, not names; empty text is null). */
export function formToBody(f) {
  return {
    code: f.code.trim(),
    region_id: f.region_id,
    name: f.name.trim(),
    type: f.type,
    department_id: f.department_id,
    implementing_agency: orNull(f.implementing_agency),
    service_objects: f.service_objects,
    legal_basis: orNull(f.legal_basis),
    conditions: orNull(f.conditions),
    materials: f.materials.map((m) => ({
      name: m.name.trim(),
      required: !!m.required,
      role: m.role,
      form: m.form,
      count: Number(m.count) || 1,
      medium: m.medium,
      elicence_type: orNull(m.elicence_type),
      sample: orNull(m.sample),
      trust_level: m.trust_level,
      note: orNull(m.note),
    })),
    steps: f.steps.map((st) => {
      const o = {
        name: st.name.trim(),
        role: st.role,
        limit_days: Number(st.limit_days) || 0,
        parallel_group: orNull(st.parallel_group),
      };
      if (st.department_id) o.department_id = st.department_id;
      return o;
    }),
    statutory_limit_days: Number(f.statutory_limit_days),
    promised_limit_days: Number(f.promised_limit_days),
    handling_type: f.handling_type,
    review_type: f.review_type,
    fee: f.fee.charged
      ? { charged: true, items: f.fee.items.map((x) => ({ name: x.name.trim(), amount_cny: Number(x.amount_cny) || 0, basis: orNull(x.basis) })) }
      : { charged: false },
    online_depth: Number(f.online_depth),
    visits: Number(f.visits),
    handling_forms: f.handling_forms,
    result_type: f.result_type,
    result_name: orNull(f.result_name),
    delivery: f.delivery,
    halls: f.halls.filter((h) => h.hall_id).map((h) => ({ hall_id: h.hall_id, comprehensive_window: !!h.comprehensive_window })),
    cross_region: f.cross_region.scope === 'none'
      ? { scope: 'none', partners: [] }
      : { scope: f.cross_region.scope, partners: f.cross_region.partners },
    consult_phone: orNull(f.consult_phone),
    complaint_phone: orNull(f.complaint_phone),
    tolerance: !!f.tolerance,
    themes: f.themes,
  };
}

/** Accepts {items:[…]}, {themes:[…]} or a bare array; entries as strings or {theme|name, count}. */
export function normaliseThemes(r) {
  const list = Array.isArray(r) ? r : r?.items || r?.themes || [];
  return list.map((t) => (typeof t === 'string' ? { name: t, count: null } : { name: t.theme || t.name, count: t.count ?? t.items ?? null }))
    .filter((t) => t.name);
}

/** "materials[2].role" → "materials.2.role": the key the editor marks cells by. */
export function errorKey(path) {
  return String(path || '').replace(/\[(\d+)\]/g, '.$1');
}

/** The part of an API error worth showing next to its field. */
export function fieldMessage(e) {
  if (!e) return '';
  const detail = String(e.detail || '').replace(/^[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*:\s*/, '');
  const hint = String(e.hint || '').split(' / ')[0];
  if (/[\u4e00-\u9fff]/.test(detail)) return detail.split(' / ')[0];
  if (hint && /^is required$/i.test(detail)) return hint;
  if (hint && detail) return `${hint}（${detail}）`;
  return hint || detail || String(e.message || '');
}
