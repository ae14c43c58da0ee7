// Dates are stored as UTC epoch milliseconds and shown in Asia/Shanghai.
const TZ = 'Asia/Shanghai';
const dtFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
const dFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
});

function parts(fmt, ms) {
  const o = {};
  for (const p of fmt.formatToParts(new Date(ms))) o[p.type] = p.value;
  return o;
}

/** 2026-03-01 09:30:05 (Beijing time). */
export function fmtDateTime(ms) {
  if (ms === null || ms === undefined || ms === '') return '—';
  const n = typeof ms === 'number' ? ms : Date.parse(ms);
  if (!Number.isFinite(n)) return String(ms);
  const p = parts(dtFmt, n);
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.year}-${p.month}-${p.day} ${hour}:${p.minute}:${p.second}`;
}

export function fmtDate(ms) {
  if (ms === null || ms === undefined || ms === '') return '—';
  const p = parts(dFmt, ms);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Start of a civil date (YYYY-MM-DD) in Beijing time, as epoch ms. */
export function shanghaiDayStart(ymd) {
  return Date.parse(`${ymd}T00:00:00+08:00`);
}

/** Today's civil date in Beijing. */
export function shanghaiToday() {
  return fmtDate(Date.now());
}

/** "周一至周五 08:30-12:00,14:30-17:30；周六 09:00-12:00；周日 休息" */
export function hoursSummary(hours) {
  if (!Array.isArray(hours) || hours.length !== 7) return '—';
  const names = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  const out = [];
  let i = 0;
  while (i < 7) {
    let j = i;
    while (j + 1 < 7 && (hours[j + 1] || '') === (hours[i] || '')) j++;
    const days = i === j ? names[i] : `${names[i]}至${names[j]}`;
    out.push(`${days} ${hours[i] || '休息'}`);
    i = j + 1;
  }
  return out.join('；');
}

export function maskPhone(p) {
  if (!p) return '';
  const s = String(p);
  if (s.includes('*') || s.length < 7) return s;
  return `${s.slice(0, 3)}****${s.slice(-4)}`;
}
