// Labels, colours and small derived facts of cases (办件) for the console
// and the citizen pages (docs/cases.md). No UI library here: both import it.

/** States with their Chinese names and tag colours (Element Plus / Vant types). */
export const CASE_STATES = {
  supplement: { text: '待补正', type: 'warning', help: '已一次性告知，等申请人补齐材料；未受理，不计时' },
  not_accepted: { text: '不予受理', type: 'info', help: '已出具不予受理通知书' },
  in_progress: { text: '办理中', type: 'primary', help: '已受理，各部门按环节审查，计时中' },
  returned: { text: '补正中', type: 'warning', help: '审查部门退回补正，计时暂停' },
  special: { text: '特别程序中', type: 'warning', help: '听证、检验、检测或专家评审，计时暂停' },
  decided: { text: '已办结', type: 'success', help: '已作出决定，待送达（领取或邮寄）' },
  delivered: { text: '已送达', type: 'success', help: '结果已送达申请人' },
};
export const STATE_ORDER = ['supplement', 'in_progress', 'returned', 'special', 'decided', 'delivered', 'not_accepted'];

export function stateText(s) { return CASE_STATES[s]?.text || s || '—'; }
export function stateType(s) { return CASE_STATES[s]?.type || 'info'; }

export const OUTCOMES = { approved: '准予许可 / 办结', rejected: '不予许可' };

/** Deadline colours: 正常 green, 预警 yellow, 超期 red. */
export const LEVELS = {
  none: { text: '正常', type: 'success', colour: '#1a7f37', bg: '#edf9f0' },
  yellow: { text: '预警', type: 'warning', colour: '#b25e00', bg: '#fff5e6' },
  red: { text: '超期', type: 'danger', colour: '#c8161d', bg: '#fdecec' },
};
export function levelOf(l) { return LEVELS[l] || LEVELS.none; }

/** "剩 3 个工作日" / "今日到期" / "超期 2 个工作日". */
export function leftText(left, due) {
  if (!due) return '—';
  if (left > 0) return `剩 ${left} 个工作日`;
  if (left === 0) return '今日到期';
  return `超期 ${-left} 个工作日`;
}

export const STEP_STATES = {
  pending: { text: '未开始', type: 'info' },
  active: { text: '待办', type: 'primary' },
  claimed: { text: '已认领', type: 'warning' },
  done: { text: '已完成', type: 'success' },
  rejected: { text: '不予许可', type: 'danger' },
  returned: { text: '已退回补正', type: 'warning' },
  cancelled: { text: '已取消', type: 'info' },
  transferred: { text: '已转办', type: 'info' },
};
export function stepStateOf(s) { return STEP_STATES[s] || { text: s || '—', type: 'info' }; }
export const STEP_KINDS = { intake: '受理', review: '审查', issue: '出件' };

/** How a material was received at the window (the checklist's choices). */
export const RECEIVED_FORMS = {
  paper_original: '纸质原件',
  paper_copy: '纸质复印件',
  upload: '上传文件',
  elicence: '电子证照',
};
export const MATERIAL_STATUS = {
  ok: { text: '合格', type: 'success' },
  missing: { text: '缺少', type: 'danger' },
  defective: { text: '需补正', type: 'warning' },
};
export function materialStatusOf(s) { return MATERIAL_STATUS[s] || { text: s || '—', type: 'info' }; }

/** 国办函〔2016〕108号 trust levels; the server's defaults by form. */
export const TRUST = { A: 'A 本机关核发', B: 'B 窗口核验', C: 'C 申请人上传', D: 'D 申请人承诺' };
export const DEFAULT_TRUST = { elicence: 'A', paper_original: 'B', paper_copy: 'B', upload: 'C' };

export const PAUSE_KINDS = { supplement: '补正', hearing: '听证', inspection: '检验', testing: '检测', expert_review: '专家评审' };
export const SPECIAL_KINDS = { hearing: '听证', inspection: '检验', testing: '检测', expert_review: '专家评审' };

export const NOTICES = {
  accept: '受理通知书',
  supplement: '一次性告知书',
  tolerant: '容缺受理承诺书',
  refuse: '不予受理通知书',
  extension: '延期通知书',
  finish: '办结通知书',
  service: '送达回证',
};
export const NOTICE_ORDER = ['accept', 'supplement', 'tolerant', 'refuse', 'extension', 'finish', 'service'];

export const EXTENSION_STATES = { requested: { text: '待负责人审批', type: 'warning' }, approved: { text: '已批准', type: 'success' }, refused: { text: '未批准', type: 'info' } };

export const DELIVERY_METHODS = { pickup: '窗口领取', post: '邮寄送达（EMS）' };
export const DELIVERY_STATES = { pending: '待领取 / 待寄出', shipped: '已寄出', done: '已送达' };

export const RESULT_TYPES = { licence: '证照', approval: '批文', filing_receipt: '备案回执', other: '其他', refusal: '不予许可决定书' };

/** Event types that are the case moving forward (for timeline dots). */
export const EVENT_TONES = {
  received: 'info',
  supplement_notice: 'warning',
  accepted: 'primary',
  tolerant_accepted: 'primary',
  not_accepted: 'danger',
  supplemented: 'primary',
  tolerance_cleared: 'success',
  step_approved: 'success',
  step_rejected: 'danger',
  returned: 'warning',
  resumed: 'primary',
  special_started: 'warning',
  special_ended: 'primary',
  extension_requested: 'warning',
  extension_approved: 'success',
  extension_refused: 'info',
  transferred: 'info',
  decided: 'success',
  delivered: 'success',
  shipped: 'primary',
  warning: 'warning',
  overdue: 'danger',
  supply_warning: 'warning',
};

/** What the clerk tells the applicant after intake, by the state the server decided. */
export const INTAKE_OUTCOMES = {
  in_progress: { title: '受理', tone: 'success', say: '材料齐全，已受理。请将受理通知书交申请人，并告知承诺办结日期。' },
  tolerant: { title: '容缺受理', tone: 'warning', say: '已容缺受理。请申请人签署承诺书，并在补齐期限内补交缺少的次要材料。' },
  supplement: { title: '一次性告知', tone: 'warning', say: '材料不全或有缺陷，未受理。请打印一次性告知书交申请人，补齐后到任一综合窗口补正。' },
  not_accepted: { title: '不予受理', tone: 'danger', say: '不予受理。请打印不予受理通知书，告知理由和可办理的地方。' },
  delivered: { title: '即办件 · 当场办结', tone: 'success', say: '即办件已当场办结并送达，结果当场交申请人。' },
};

/** The outcome card of an intake reply. */
export function intakeOutcome(c) {
  if (!c) return null;
  if (c.state === 'in_progress' && c.tolerant) return INTAKE_OUTCOMES.tolerant;
  return INTAKE_OUTCOMES[c.state] || { title: stateText(c.state), tone: 'info', say: '' };
}

/** The notice to print first after an intake or a supplement. */
export function mainNotice(c) {
  const n = c?.notices || [];
  const want = c?.state === 'supplement' ? 'supplement'
    : c?.state === 'not_accepted' ? 'refuse'
      : c?.state === 'delivered' ? 'finish'
        : c?.tolerant && n.includes('tolerant') ? 'tolerant'
          : 'accept';
  return n.includes(want) ? want : n[0] || null;
}

/** Steps grouped by stage, in order; a stage with several steps runs in parallel (并联). */
export function stages(steps) {
  const by = new Map();
  for (const s of steps || []) {
    if (!by.has(s.stage)) by.set(s.stage, []);
    by.get(s.stage).push(s);
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([stage, list]) => ({
    stage,
    steps: list.sort((a, b) => (a.seq - b.seq) || (a.round - b.round)),
    parallel: new Set(list.map((s) => s.seq)).size > 1,
    group: list.find((s) => s.parallel_group)?.parallel_group || '',
  }));
}

export const isOpenStep = (s) => s && (s.state === 'active' || s.state === 'claimed');

/** Why a case is yellow or red, in words, from its detail (for supervisors). */
export function warnReasons(c) {
  const out = [];
  if (!c) return out;
  const k = c.clock || {};
  for (const s of c.steps || []) {
    if (!isOpenStep(s) || !['yellow', 'red'].includes(s.level)) continue;
    const who = s.claimed_name ? `，${s.claimed_name}已认领` : '，无人认领';
    out.push({
      level: s.level,
      text: s.level === 'red'
        ? `「${s.name}」（${s.department_name}）${s.due} 到期，已超期 ${Math.max(1, -s.left)} 个工作日${who}`
        : `「${s.name}」（${s.department_name}）${s.due} 到期，${leftText(s.left, s.due)}${who}`,
    });
  }
  if (['yellow', 'red'].includes(k.level) && c.state === 'in_progress') {
    out.push({ level: k.level, text: `承诺办结期限 ${k.due_promised || '—'}（法定 ${k.due_statutory || '—'}）：${leftText(k.left, k.due_promised)}` });
  }
  if (c.state === 'decided' && ['yellow', 'red'].includes(k.level)) {
    out.push({ level: k.level, text: `已于 ${k.decided_on} 办结，结果须在 ${k.delivery_due} 前送达：${leftText(k.left, k.delivery_due)}` });
  }
  if (c.tolerant && ['yellow', 'red'].includes(c.supply_level)) {
    const owed = (c.materials || []).filter((m) => m.required && m.status !== 'ok').map((m) => m.name);
    out.push({ level: c.supply_level, text: `容缺材料须在 ${c.supply_due} 前补交${owed.length ? `：${owed.join('、')}` : ''}` });
  }
  if (k.paused) out.push({ level: 'none', text: `计时暂停中（${PAUSE_KINDS[k.pause_kind] || k.pause_kind}，自 ${k.paused_on}）` });
  if (c.extension?.state === 'requested') out.push({ level: 'none', text: `已申请延期 ${c.extension.requested_days} 个工作日，待部门负责人审批` });
  if (!out.length && c.warn_level && c.warn_level !== 'none') {
    out.push({ level: c.warn_level, text: '截至上次期限检查时已预警或超期；当前计时已不再预警（可能已办结或暂停）' });
  }
  return out;
}

/** A valid resident ID number's last four characters / a phone's last four: the progress key. */
export function progressKeyError(v) {
  if (!v) return '请输入后四位';
  if (!/^[0-9]{3}[0-9Xx]$/.test(v) && !/^[0-9A-Z]{4}$/.test(v)) return '请输入手机号或证件号码后四位';
  return '';
}

/** A case number: region code + YYYYMMDD + 6-digit sequence. */
export function caseNoError(v) {
  if (!v) return '请输入办件编号';
  if (!/^\d{6,12}\d{8}\d{6}$/.test(v)) return '办件编号为区划代码 + 日期 + 6 位序号的数字，如 44160220261124000001';
  return '';
}

/** Where a paper file is (物料全流程跟踪): the stages in the order it travels. */
export const FILE_STAGES = {
  front_desk: { text: '前台收件', short: '前台', type: 'info' },
  department: { text: '部门审批', short: '部门', type: 'primary' },
  issuing: { text: '出件窗口', short: '出件', type: 'warning' },
  archive: { text: '档案室归档', short: '归档', type: 'success' },
};
export const FILE_STAGE_ORDER = ['front_desk', 'department', 'issuing', 'archive'];
export function fileStageOf(s) { return FILE_STAGES[s] || { text: s || '—', short: s || '—', type: 'info' }; }

/** The hand-overs a scan records: who takes the file and when the case allows it
 * (docs/cases.md "Paper files"). */
export const SCAN_STAGES = {
  department: { text: '部门接收', who: '审批部门承办人', when: '已受理、尚未办结的办件', roles: ['approver', 'admin'] },
  issuing: { text: '出件窗口接收', who: '出件窗口人员（本区域任一大厅，通办通取）', when: '已办结或已送达的办件', roles: ['clerk', 'admin'] },
  archive: { text: '归档', who: '大厅窗口人员或大厅管理员', when: '已送达或不予受理的办件', roles: ['clerk', 'hall_manager', 'admin'] },
};

/** A label code as a scanner types it: case number, '-', the file's number. */
export function fileCodeError(v) {
  const s = String(v || '').trim();
  if (!s) return '请扫描或输入标签号';
  if (!/^[0-9A-Za-z-]{1,40}$/.test(s)) return '标签号为办件编号加“-”和序号，如 44160220261124000001-01';
  return '';
}

/** Working days a file has lain still, in words. */
export function idleText(days) {
  if (days === null || days === undefined) return '—';
  if (days <= 0) return '今日有交接';
  return `已停留 ${days} 个工作日`;
}

/** How the result reaches the applicant, for a list row: "窗口领取 · 待领取". */
export function deliveryText(row) {
  const m = row?.delivery_method;
  if (!m) return row?.state === 'decided' ? '待选择送达方式' : '';
  const method = { window: '当场交付', pickup: '窗口领取', post: '邮寄' }[m] || m;
  const state = row.delivery_state === 'done' ? '已送达'
    : row.delivery_state === 'shipped' ? '已寄出'
      : m === 'post' ? '待寄出' : '待领取';
  return `${method} · ${state}`;
}
export function deliveryType(row) {
  if (!row?.delivery_method) return row?.state === 'decided' ? 'warning' : 'info';
  return row.delivery_state === 'done' ? 'success' : row.delivery_state === 'shipped' ? 'primary' : 'warning';
}
