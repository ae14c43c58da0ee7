// 好差评 display names and colours (docs/ratings.md). The server sends the
// level, tag and indicator labels with GET /rating-options (the
// administrator may relabel them); these are the fallbacks and the parts the
// server leaves to the UI: colours, channels, states.

/** Level codes in order, best first, with fallback labels and scores. */
export const LEVELS = [
  { code: 'very_satisfied', label: '非常满意', score: 10, bad: false },
  { code: 'satisfied', label: '满意', score: 8, bad: false },
  { code: 'basic', label: '基本满意', score: 6, bad: false },
  { code: 'unsatisfied', label: '不满意', score: 3, bad: true },
  { code: 'very_unsatisfied', label: '非常不满意', score: 0, bad: true },
];

// A colour per level, readable at arm's length and for colour-blind eyes
// alike: the text and the score always go with it.
export const LEVEL_COLORS = {
  very_satisfied: { bg: '#14823b', soft: '#e7f6ec', text: '#0e5e2a' },
  satisfied: { bg: '#3f9b2e', soft: '#eef8e9', text: '#2c6e20' },
  basic: { bg: '#1f64c8', soft: '#e8f0fd', text: '#174a94' },
  unsatisfied: { bg: '#d46b08', soft: '#fff4e5', text: '#8a4b00' },
  very_unsatisfied: { bg: '#c4161c', soft: '#fdecec', text: '#9b1116' },
};

export const LEVEL_EN = {
  very_satisfied: 'Very satisfied',
  satisfied: 'Satisfied',
  basic: 'Fair',
  unsatisfied: 'Unsatisfied',
  very_unsatisfied: 'Very unsatisfied',
};

export function levelLabel(code, options) {
  const l = (options?.levels || LEVELS).find((x) => x.code === code) || LEVELS.find((x) => x.code === code);
  return l ? l.label : code || '—';
}

export function isBadLevel(code) {
  return code === 'unsatisfied' || code === 'very_unsatisfied';
}

/** What was rated, in words. */
export const SUBJECT_KINDS = {
  ticket: '窗口服务',
  case: '办件',
  hotline: '12345 工单',
  online: '网上办事',
};

export const CHANNELS = {
  onsite: '窗口',
  online: '网上',
  hotline: '12345',
  case: '办件',
};

/** How the rating came in. */
export const SOURCES = {
  evaluator: '窗口评价器',
  qr: '扫码评价',
  web: '网上评价',
  default: '系统默认（未主动评价）',
};

/** The bad review's rectification order, as the rater follows it. */
export const RECT_STATES = {
  verifying: { text: '核实中', type: 'warning' },
  rectifying: { text: '整改中', type: 'primary' },
  awaiting_callback: { text: '待回访', type: 'primary' },
  closed: { text: '已办结', type: 'success' },
};

export const RECT_MODES = {
  immediate: '立行立改',
  deadline: '限期整改',
  explain: '解释说明',
};

export const RECT_OUTCOMES = {
  rectified: '已整改',
  explained: '已解释说明',
  appeal_upheld: '经复核不计入评价',
};

/** The indicator label's main part and its explanation:
 * "服务环境（场所设施、整洁有序）" → ["服务环境", "场所设施、整洁有序"]. */
export function splitIndicator(label) {
  const m = /^(.*?)[（(](.*)[)）]\s*$/.exec(String(label || ''));
  return m ? [m[1].trim(), m[2].trim()] : [String(label || ''), ''];
}

/** The labels of tag codes, by the options' list. */
export function tagLabels(codes, options) {
  const map = new Map((options?.tags || []).map((t) => [t.code, t.label]));
  return (codes || []).map((c) => map.get(c) || c);
}
