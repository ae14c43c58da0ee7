// 好差评 for the back office and the public disclosure (docs/ratings.md):
// rectification orders, appeals, the staff's rating list, the figures and
// the public pages. Level, tag and indicator labels are the administrator's
// and come from GET /rating-options; the words for the states of an order
// and the definitions of the figures live here.
import { api, apiUrl } from './api.js';

let optionsPromise = null;

/** The rating options (levels, tags, indicator sets), fetched once per page load. */
export function ratingOptions() {
  if (!optionsPromise) {
    optionsPromise = api.get('/rating-options').catch((e) => {
      optionsPromise = null; // try again next time
      throw e;
    });
  }
  return optionsPromise;
}

/** code → label maps of the options, for templates. */
export function optionLabels(o) {
  const levels = {};
  const tags = {};
  const indicators = {};
  for (const l of o?.levels || []) levels[l.code] = l;
  for (const t of o?.tags || []) tags[t.code] = t.label;
  for (const set of Object.values(o?.indicators || {})) for (const i of set) indicators[i.code] = i.label;
  return { levels, tags, indicators };
}

export const ratingConsoleApi = {
  rectifications: (params) => api.get('/rectifications', params),
  rectification: (id) => api.get(`/rectifications/${id}`),
  /** verify {finding} | plan {mode, due_date, measures} | complete {measures} | callback {reached, fixed, satisfied, note} | close {note} */
  act: (id, action, body) => api.post(`/rectifications/${id}/${action}`, body || {}),
  contact: (id) => api.get(`/rectifications/${id}/contact`),
  appeal: (id, body) => api.post(`/rectifications/${id}/appeal`, body),
  appeals: (params) => api.get('/rating-appeals', params),
  appealOne: (id) => api.get(`/rating-appeals/${id}`),
  decide: (id, body) => api.post(`/rating-appeals/${id}/decide`, body),
  ratings: (params) => api.get('/ratings', params),
  rating: (id) => api.get(`/ratings/${id}`),
  figures: (params) => api.get('/rating-figures', params),
  figuresUrl: (params) => apiUrl('/rating-figures', params),
  publicFigures: (params) => api.get('/public/rating-figures', params),
  publicBadReviews: (params) => api.get('/public/bad-reviews', params),
};

/** The states of a rectification order, with the Element Plus tag colour. */
export const RECT_STATES = {
  verifying: { text: '待核实', type: 'danger' },
  rectifying: { text: '整改中', type: 'warning' },
  awaiting_callback: { text: '待回访', type: 'primary' },
  closed: { text: '已办结', type: 'success' },
};

export const RECT_MODES = {
  immediate: '立行立改',
  deadline: '限期整改',
  explain: '解释说明',
};

export const RECT_OUTCOMES = {
  rectified: '整改办结',
  appeal_upheld: '申诉成立，不计入统计',
};

export const APPEAL_STATES = {
  pending: { text: '待复核', type: 'warning' },
  upheld: { text: '申诉成立', type: 'success' },
  rejected: { text: '申诉驳回', type: 'danger' },
};

export const CHANNELS = { onsite: '窗口服务', online: '网上办事', case: '办件', hotline: '12345热线' };
export const SUBJECT_KINDS = { ticket: '窗口办事', online: '网上办事', case: '办件', hotline: '热线工单' };
export const SOURCES = { evaluator: '评价器', qr: '扫码评价', web: '网上评价', default: '默认好评（未主动评价）', seed: '演示数据' };

/** The figures of docs/ratings.md, in the order of the national indicator list. */
export const FIGURES = [
  { key: 'coverage_pct', name: '评价覆盖率', pct: true, num: 'covered', den: 'finished', def: '已评价的办件 ÷ 办结的办件（窗口办事）' },
  { key: 'good_pct', name: '好评率', pct: true, num: 'good', den: 'rated', def: '(非常满意 + 满意 + 基本满意) ÷ 评价数（含默认好评，不含申诉排除）' },
  { key: 'active_good_pct', name: '主动评价好评率', pct: true, num: 'active_good', den: 'active', def: '主动评价中的好评 ÷ 主动评价数' },
  { key: 'unrated_pct', name: '未评率', pct: true, num: 'default', den: 'rated', low: true, def: '期限内未评价、按默认“基本满意”记录的 ÷ 评价数' },
  { key: 'bad', name: '差评数', count: true, low: true, def: '不满意 + 非常不满意（申诉成立的不计入）' },
  { key: 'reply_pct', name: '差评回复率', pct: true, num: 'replied', den: 'bad', def: '已核实（进入整改）的差评 ÷ 差评数' },
  { key: 'callback_rectify_pct', name: '回访整改率', pct: true, num: 'fixed', den: 'bad', def: '回访时评价人确认问题已解决的 ÷ 差评数' },
  { key: 'rectify_satisfaction_pct', name: '整改满意率', pct: true, num: 'satisfied', den: 'reached', def: '回访联系上且对整改满意的 ÷ 回访联系上的' },
  { key: 'rectified_pct', name: '差评整改率', pct: true, num: 'closed', den: 'bad', def: '整改单已办结的差评 ÷ 差评数' },
  { key: 'avg_score', name: '平均分', score: true, def: '评价分值之和 ÷ 评价数（非常满意 10 分 … 非常不满意 0 分）' },
];

/** The counts of a figure group, in words. */
export const COUNTS = {
  finished: '办结数', rated: '评价数', covered: '已评价办结数', active: '主动评价', default: '默认好评', good: '好评',
  active_good: '主动好评', bad: '差评', replied: '已核实', callbacks: '已回访', reached: '回访联系上', fixed: '已解决',
  satisfied: '满意', closed: '已办结', excluded: '申诉排除',
};

export const BY = { all: '合计', hall: '大厅', department: '部门', window: '窗口', staff: '人员', item: '事项', channel: '渠道' };

export function fmtPct(v) {
  return v === null || v === undefined ? '—' : `${Number(v).toFixed(2)}%`;
}
export function fmtNum(v) {
  return v === null || v === undefined ? '—' : Number(v).toLocaleString('zh-CN');
}
export function fmtScore(v) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(2);
}
export function fmtFigure(f, v) {
  if (f.pct) return fmtPct(v);
  if (f.score) return fmtScore(v);
  return fmtNum(v);
}

/** The date an order must next meet: verification, then a 限期整改's due date. */
export function rectDeadline(x) {
  if (x.state === 'verifying') return { what: '核实期限', date: x.verify_due || '' };
  if (x.state === 'rectifying' && x.mode === 'deadline') return { what: '整改期限', date: x.due_date || '' };
  return { what: '', date: '' };
}

/** Days from today (YYYY-MM-DD, Beijing) to `ymd`: negative when past. */
export function daysUntil(ymd, today) {
  if (!ymd) return null;
  return Math.round((Date.parse(`${ymd}T00:00:00+08:00`) - Date.parse(`${today}T00:00:00+08:00`)) / 86400000);
}

/** Element Plus tag colour of a level code. */
export function levelType(level) {
  return { very_satisfied: 'success', satisfied: 'success', basic: 'info', unsatisfied: 'warning', very_unsatisfied: 'danger' }[level] || 'info';
}
