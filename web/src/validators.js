// Client-side checks that mirror the server's, so most mistakes are caught
// before a round trip. The server stays the authority: its errors are shown
// on the same fields.

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Unified social credit code, GB 32100-2015. */
export function isCreditCode(s) {
  if (typeof s !== 'string' || s.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARSET.indexOf(s[i]);
    if (v < 0) return false;
    sum += v * CREDIT_W[i];
  }
  const check = CREDIT_CHARSET[(31 - (sum % 31)) % 31];
  return s[17] === check;
}

/** The message for a credit code field: '' when valid. The server checks
 * again (INVALID_CREDIT_CODE). */
export function creditCodeError(v) {
  const s = String(v || '').toUpperCase();
  if (!s) return '请填写统一社会信用代码';
  if (s.length !== 18) return '统一社会信用代码为 18 位';
  return isCreditCode(s) ? '' : '统一社会信用代码校验失败，请核对';
}

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A resident ID number (GB 11643-1999): 18 characters, a real birth date
 * not in the future, and the check character. '' when valid. The server
 * checks again (INVALID_ID_NUMBER). */
export function idNumberError(v, today = new Date()) {
  const s = String(v || '').toUpperCase();
  if (!s) return '请输入身份证号码';
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号码为 18 位，末位可为 X';
  const y = Number(s.slice(6, 10)); const m = Number(s.slice(10, 12)); const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth > today) return '身份证号码中的出生日期不正确';
  const sum = [...s.slice(0, 17)].reduce((t, c, i) => t + Number(c) * ID_W[i], 0);
  if ('10X98765432'[sum % 11] !== s[17]) return '身份证号码校验位不正确，请核对';
  return '';
}

export const REGION_CODE_LEN = { province: 6, city: 6, district: 6, street: 9, community: 12 };

/** GB/T 2260 region code shape for a level (and its parent's prefix). */
export function regionCodeError(code, level, parentCode) {
  if (!code) return '请输入区划代码';
  const len = REGION_CODE_LEN[level];
  if (!/^\d+$/.test(code)) return '区划代码只能包含数字';
  if (len && code.length !== len) return `${level === 'street' ? '街道' : level === 'community' ? '社区' : '省/市/区县'}区划代码应为 ${len} 位数字`;
  if (level === 'province' && !/^\d{2}0000$/.test(code)) return '省级代码应形如 440000';
  if (level === 'city' && (/^\d{2}0000$/.test(code) || !/^\d{4}00$/.test(code))) return '市级代码应形如 441600';
  if (level === 'district' && /^\d{4}00$/.test(code)) return '区县代码末两位不能为 00';
  if (parentCode) {
    const prefix = { city: 2, district: 4, street: 6, community: 9 }[level];
    if (prefix && code.slice(0, prefix) !== String(parentCode).slice(0, prefix)) {
      return `代码应以上级代码的前 ${prefix} 位 ${String(parentCode).slice(0, prefix)} 开头`;
    }
  }
  return '';
}

export function isMobile(s) {
  return /^1[3-9]\d{9}$/.test(s || '');
}

/** A mobile, or a landline with its area code: 07563388123 or 0756-3388123. */
export function isPhone(s) {
  const v = s || '';
  return isMobile(v) || /^0\d{9,11}$/.test(v) || /^0\d{2,3}-\d{7,8}$/.test(v);
}

/** ≥10 characters with at least three of upper, lower, digit, symbol. */
export function passwordError(p) {
  if (!p) return '请输入密码';
  if (p.length < 10) return '密码至少 10 位';
  if (p.length > 128) return '密码最多 128 位';
  let classes = 0;
  if (/[A-Z]/.test(p)) classes++;
  if (/[a-z]/.test(p)) classes++;
  if (/\d/.test(p)) classes++;
  if (/[^A-Za-z0-9]/.test(p)) classes++;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  return '';
}

/** One day's opening hours: "" (closed) or "08:30-12:00,14:30-17:30". */
export function hoursError(s) {
  const v = (s || '').trim();
  if (!v) return '';
  let last = -1;
  for (const span of v.split(',')) {
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(span.trim());
    if (!m) return '格式应为 HH:MM-HH:MM，多段用逗号分隔';
    const [a, b, c, d] = m.slice(1).map(Number);
    if (a > 23 || c > 23 || b > 59 || d > 59) return `时间 ${span} 不存在（00:00–23:59）`;
    const from = a * 60 + b;
    const to = c * 60 + d;
    if (to <= from) return `${span}：结束时间应晚于开始时间`;
    if (from <= last) return `${span}：时段应按时间先后排列，且不重叠、不相接`;
    last = to;
  }
  return '';
}

/** A rule for Element Plus forms from a function returning '' or a message. */
export function rule(fn, trigger = 'blur') {
  return {
    trigger,
    validator: (_r, value, cb) => {
      const msg = fn(value);
      if (msg) cb(new Error(msg));
      else cb();
    },
  };
}
