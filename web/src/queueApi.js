// The hall queue and appointment routes the citizen pages use (docs/queue.md),
// plus the few helpers those pages share: login check, names, time texts.
import { api } from './api.js';
import { session, loadSession } from './session.js';

const quiet = { quiet401: true };

export const queueApi = {
  kiosk: (hallId) => api.get(`/halls/${hallId}/kiosk`, undefined, quiet),
  days: (hallId, queueId) => api.get(`/halls/${hallId}/appointment-days`, { queue_id: queueId }, quiet),
  availability: (hallId, queueId, date) => api.get(`/halls/${hallId}/availability`, { queue_id: queueId, date }, quiet),
  hold: (body) => api.post('/appointments/hold', body),
  confirm: (id, body) => api.post(`/appointments/${id}/confirm`, body),
  cancelAppointment: (id) => api.post(`/appointments/${id}/cancel`),
  myAppointments: () => api.get('/appointments/mine'),
  myTickets: () => api.get('/tickets/mine'),
  ticket: (token) => api.get(`/tickets/${token}`, undefined, quiet),
  cancelTicket: (token) => api.post(`/tickets/${token}/cancel`, {}, quiet),
  cloud: (itemId, pos) => api.get(`/cloud/items/${itemId}`, pos ? { lat: pos.lat, lng: pos.lng } : undefined, quiet),
  remoteTicket: (hallId, body) => api.post(`/halls/${hallId}/tickets/remote`, body),
  checkId: (value) => api.get('/validate/id-number', { value }, quiet),
};

/** The demo deployment's main hall: where booking starts without an item. */
export const DEFAULT_HALL_ID = 1;

export function isCitizen() {
  return (session.user?.roles || []).includes('citizen');
}

/** Sends a visitor who is not signed in as a citizen to the phone login on
 * the home page, which brings them back here afterwards. Returns true when
 * the page may go on. */
export async function requireCitizen(router, route) {
  await loadSession();
  if (isCitizen()) return true;
  router.replace({ name: 'm-home', query: { redirect: route.fullPath } });
  return false;
}

// Published item names, read once per page load (the public catalogue list).
let itemNames = null;
export function loadItemNames() {
  if (!itemNames) {
    itemNames = api.get('/items', { page_size: 200 }, quiet)
      .then((r) => new Map((r?.items || []).map((it) => [it.id, it.name])))
      .catch(() => { itemNames = null; return new Map(); });
  }
  return itemNames;
}

const WEEK = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
/** "11月26日 周四" from "2026-11-26" (weekday 1–7 if known). */
export function dayLabel(ymd, weekday) {
  const [, m, d] = String(ymd).split('-').map(Number);
  const wd = weekday || ((new Date(`${ymd}T12:00:00+08:00`).getUTCDay() + 6) % 7) + 1;
  return `${m}月${d}日 ${WEEK[wd]}`;
}

export const APPT_STATUS = {
  held: { text: '保留中', type: 'warning' },
  booked: { text: '已预约', type: 'primary' },
  checked_in: { text: '已签到', type: 'success' },
  cancelled: { text: '已取消', type: 'default' },
  no_show: { text: '已爽约', type: 'danger' },
};

export const TICKET_STATUS = {
  waiting: { text: '等候中', type: 'primary' },
  called: { text: '正在呼叫', type: 'success' },
  serving: { text: '正在办理', type: 'success' },
  parked: { text: '暂挂', type: 'warning' },
  done: { text: '已办结', type: 'default' },
  no_show: { text: '已过号', type: 'danger' },
  cancelled: { text: '已取消', type: 'default' },
};

/** "14:05" in Beijing time from epoch ms. */
export function clock(ms) {
  if (!ms) return '';
  return new Date(ms).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, hour: '2-digit', minute: '2-digit' });
}

/** "约 5–12 分钟" / "即将叫到". */
export function waitText(lo, hi) {
  if (lo === null || lo === undefined) return '—';
  if (!hi) return '即将叫到';
  return lo === hi ? `约 ${hi} 分钟` : `约 ${lo}–${hi} 分钟`;
}
