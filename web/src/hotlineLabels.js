// Labels and small texts of the 12345 hotline pages (docs/hotline.md): the
// server speaks English ids, people read these. Shared by the staff console
// and the citizen pages, so nothing here imports a UI library.

export const ORDER_STATES = {
  accepted: { text: '已受理', type: 'info', citizen: '已受理，等待派单' },
  dispatched: { text: '已派单', type: 'primary', citizen: '已转交承办部门' },
  returned: { text: '已退单', type: 'danger', citizen: '正在重新派单' },
  signed: { text: '办理中', type: 'warning', citizen: '承办部门办理中' },
  replied: { text: '已答复', type: 'success', citizen: '部门已答复，中心审核中' },
  reviewed: { text: '待回访', type: 'success', citizen: '待回访评价' },
  closed: { text: '已办结', type: 'info', citizen: '已办结' },
  merged: { text: '已并单', type: 'info', citizen: '已与相同诉求合并办理' },
};
export const STATE_ORDER = ['accepted', 'dispatched', 'returned', 'signed', 'replied', 'reviewed', 'closed', 'merged'];
export const OPEN_STATES = ['accepted', 'dispatched', 'returned', 'signed', 'replied', 'reviewed'];

export const ORDER_TYPES = {
  consult: '咨询',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  help: '求助',
};
export const CHANNELS = {
  phone: '电话',
  web: '网站',
  miniprogram: '小程序',
  app: 'APP',
  open311: 'Open311 接口',
  other: '其他',
};
export const URGENCY = { normal: '一般', urgent: '紧急' };

export const ASSIGNMENT_ROLES = { lead: '主办', assist: '协办' };
export const ASSIGNMENT_STATES = {
  dispatched: { text: '待签收', type: 'primary' },
  signed: { text: '已签收', type: 'warning' },
  returned: { text: '已退单', type: 'danger' },
  replied: { text: '已答复', type: 'success' },
  withdrawn: { text: '已撤回', type: 'info' },
};
export const ARBITRATION = { redispatched: '已改派', upheld: '维持原派' };
export const EXT_STATES = { pending: '待审批', approved: '已批准', refused: '未批准' };

export const CLOCKS = { sign: '签收时限', handle: '办理时限', reply: '答复时限' };

// Event actions (hotline_events.action) as the timeline says them.
export const EVENT_ACTIONS = {
  create: '受理',
  dispatch: '派单',
  answer: '直接答复办结',
  sign: '签收',
  return: '退单',
  arbitrate: '退单仲裁',
  reply: '答复',
  review: '审核答复',
  callback: '回访',
  reopen: '重办',
  pause: '暂停计时',
  resume: '恢复计时',
  extend: '申请延期',
  extend_decide: '审批延期',
  urge: '催办',
  supervise: '督办',
  escalate: '升级督办',
  merge: '并入主工单',
  merge_child: '并入重复工单',
  close_with_master: '随主单办结',
};

export const label = (map, v) => (v == null || v === '' ? '—' : (map[v]?.text ?? map[v] ?? v));

/** "张** · 138****5678", or 匿名. */
export function callerText(o) {
  if (!o) return '—';
  if (o.anonymous) return '匿名';
  return [o.caller_name, o.caller_phone].filter(Boolean).join(' · ') || '—';
}

const HOUR = 3600000;
/** "2天3小时" / "45分钟" for a duration in ms (wall time). */
export function spanText(ms) {
  const m = Math.max(0, Math.round(Math.abs(ms) / 60000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  if (d >= 3) return `${d}天`;
  if (d) return h ? `${d}天${h}小时` : `${d}天`;
  if (h) return `${h}小时${m % 60 ? `${m % 60}分` : ''}`;
  return `${m}分钟`;
}

/**
 * How an order's running clock stands, for a coloured deadline cell:
 * level is 'overdue' (red), 'warning' (orange), 'paused' (grey), 'ok'
 * (green) or 'none'; text says it in words. The server's flags decide
 * overdue and warning (working days); the remaining time shown is wall time.
 */
export function clockState(o, now = Date.now()) {
  if (!o || !o.due_at || !o.clock) return { level: 'none', text: '—', clock: '' };
  const clock = CLOCKS[o.clock] || '';
  if (o.paused) return { level: 'paused', text: '已暂停计时', clock };
  if (o.overdue) return { level: 'overdue', text: `超期 ${spanText(now - o.due_at)}`, clock };
  const left = o.due_at - now;
  if (o.warning) return { level: 'warning', text: `剩 ${spanText(left)}`, clock };
  return { level: 'ok', text: left > 0 ? `剩 ${spanText(left)}` : '即将到期', clock };
}

export const LEVEL_COLORS = { overdue: '#d93026', warning: '#d46b08', paused: '#86909c', ok: '#1a7f37', none: '#86909c' };

/** Sort key for "most urgent first": overdue, then nearest deadline; paused and clockless last. */
export function urgencyKey(o) {
  if (!o?.due_at || o.paused) return Number.MAX_SAFE_INTEGER;
  return o.due_at;
}

/** 3 → "3 个工作日". */
export const workdays = (n) => (n == null ? '—' : `${n} 个工作日`);

export function satisfiedText(v) {
  if (v === true) return '满意';
  if (v === false) return '不满意';
  return '—';
}
export function solvedText(v) {
  if (v === true) return '已解决';
  if (v === false) return '未解决';
  return '—';
}
