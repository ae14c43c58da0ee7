// Labels and small texts of the hall-queue manager pages (队列设置, 预约时段,
// 预约名单, 放号建议, 大厅实况, 排队统计). Citizen-side texts are in queueApi.js.
export const DAY_KINDS = { workday: '工作日', saturday: '周六', sunday: '周日' };
export const DAY_KIND_ORDER = ['workday', 'saturday', 'sunday'];
export const WEEKDAY_NAMES = ['每天', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export const CALL_RULES = {
  preference: { text: '按窗口队列顺序', help: '窗口先叫它的第一个有人等候的队列（队列顺序即优先级）' },
  longest_wait: { text: '等候最久优先', help: '在窗口服务的所有队列中，先叫最早取号的人' },
};

export const APPT_CHANNELS = { online: '网上预约', internal: '窗口代约' };

/** Hall queue rules with their defaults (NULL on the hall = default), docs/queue.md. */
export const HALL_RULE_DEFAULTS = {
  call_rule: 'preference',
  recall_limit: 2,
  remote_tickets: false,
  checkin_early_min: 30,
  checkin_late_min: 15,
  hold_seconds: 300,
  freeze_minutes: 30,
  wait_target_min: 20,
  remind_at: 3,
  location: '',
};

export const QUEUE_DEFAULTS = {
  number_min: 1, number_max: 999, pad: 3,
  appt_horizon_days: 7, appt_min_notice_min: 60, appt_release_time: '08:00',
  appt_per_person_day: 1, appt_per_person_item: 1,
};

/** "A001" for prefix A, number 1, pad 3. */
export function ticketNumber(prefix, n, pad) {
  const p = Number(pad) || 0;
  return `${prefix || ''}${String(n ?? '').padStart(p, '0')}`;
}

/** "A001–A999": the numbers a queue gives out in a day. */
export function numberRange(q) {
  const min = q.number_min ?? QUEUE_DEFAULTS.number_min;
  const max = q.number_max ?? QUEUE_DEFAULTS.number_max;
  const pad = q.pad ?? QUEUE_DEFAULTS.pad;
  return `${ticketNumber(q.prefix, min, pad)}–${ticketNumber(q.prefix, max, pad)}`;
}

/** "09:00" for hour 9. */
export const hourLabel = (h) => `${String(h).padStart(2, '0')}:00`;

/** Minutes with one decimal, "—" for nothing. */
export function mins(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—';
  return Number(v).toFixed(digits);
}

/** 0.797 → "79.7%". */
export function pct(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—';
  return `${(Number(v) * 100).toFixed(digits)}%`;
}

/** "12分05秒" / "1时02分" from milliseconds. */
export function duration(ms) {
  if (ms === null || ms === undefined || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  if (h) return `${h}时${String(m).padStart(2, '0')}分`;
  return `${m}分${String(ss).padStart(2, '0')}秒`;
}

/** A colour for a predicted wait against a target (green → amber → red). */
export function waitColour(w, target) {
  if (w === null || w === undefined) return '#c8161d';
  const t = target || 20;
  if (w <= t * 0.5) return '#1a7f37';
  if (w <= t) return '#d46b08';
  return '#c8161d';
}

export const APPT_STATUS = {
  held: { text: '保留中', type: 'warning' },
  booked: { text: '已预约', type: 'primary' },
  checked_in: { text: '已签到', type: 'success' },
  cancelled: { text: '已取消', type: 'info' },
  no_show: { text: '爽约', type: 'danger' },
};

export const TICKET_STATUS = {
  waiting: { text: '等候中', type: 'primary' },
  called: { text: '呼叫中', type: 'warning' },
  serving: { text: '办理中', type: 'success' },
  parked: { text: '暂挂', type: 'warning' },
  done: { text: '已办结', type: 'info' },
  no_show: { text: '过号', type: 'danger' },
  cancelled: { text: '已取消', type: 'info' },
  expired: { text: '已过期（非当日号）', type: 'info' },
};

/** "14:05" (or "14:05:09") in Beijing time from epoch ms. */
export function clockOf(ms, seconds = false) {
  if (!ms) return '';
  return new Date(ms).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai', hour12: false, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}),
  });
}
