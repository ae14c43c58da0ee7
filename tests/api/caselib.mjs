// Helpers shared by the case API suites: applicants with valid ID numbers
// and credit codes, the demo items they apply for, the checklist as the
// clerk receives it, store snapshots for "nothing changed", the one-off
// deadline sweep at a chosen instant, and the PDF text of a notice.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, yiwang } from './harness.mjs';
import { idNumber } from './queuelib.mjs';

// Local (Asia/Shanghai) 10:00 of a day in November/December 2026.
export const at10 = (month, day) => Date.UTC(2026, month - 1, day, 2, 0, 0);
export const TUE_1124 = at10(11, 24);
export const THU_1126 = at10(11, 26);

// The demo catalogue's items used here (docs/cases.md "Demo").
export const ITEMS = {
  UNEMPLOYMENT: '11441602707104225N-0018', // 失业保障“一件事”: 人社 + 医保 in parallel, promised 3, statutory 10
  FOOD: '114416027071028524-0009', // 食品经营许可（新办）: 市场监管, 容缺 (materials 4, 5 secondary), promised 5
  SOLE_TRADER: '114416027071028524-0006', // 个体工商户设立登记: 即办件
  RENAME: '11441602707101489Y-0010', // 变更姓名登记: 公安, promised 10, hall 1 only
  RESIDENCE: '11441602707101489Y-0011', // 居住证申领: 公安, hall 1 only
  DOG: '11441602707101489Y-0017', // 养犬登记: 公安 (retired by the tests)
};

const CS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A valid unified social credit code (GB 32100) for an organisation serial. */
export function creditCode(n) {
  const body = '91441602MA5' + String(n).padStart(6, '0');
  const sum = [...body].reduce((s, ch, i) => s + CS.indexOf(ch) * CW[i], 0);
  return body + CS[(31 - (sum % 31)) % 31];
}

/** A person applying, numbered so every test has its own phone and ID. */
export function person(n) {
  return { kind: 'person', name: `申请人${n}号`, id_number: idNumber('19850315', n), phone: `1370000${String(n).padStart(4, '0')}` };
}

export function enterprise(n) {
  return { kind: 'enterprise', name: `河源市测试企业${n}有限公司`, credit_code: creditCode(n), legal_rep: `法人${n}`,
    phone: `1360000${String(n).padStart(4, '0')}` };
}

const itemCache = new Map();
/** The published item of a demo code: {id, materials, steps, …}. */
export async function item(base, code) {
  if (itemCache.has(base + code)) return itemCache.get(base + code);
  const s = await request(base, 'GET', `/api/v1/items?q=${encodeURIComponent(code)}`);
  const hit = s.json.items.find((i) => i.code === code);
  assert.ok(hit, `demo item ${code}`);
  const full = await request(base, 'GET', `/api/v1/items/${hit.id}`);
  assert.equal(full.status, 200, full.text);
  const it = { id: hit.id, ...(full.json.content ?? full.json) };
  itemCache.set(base + code, it);
  return it;
}

/** Every required material as an original (all but the seqs in `skip`). */
export function checklist(it, skip = []) {
  return it.materials.map((m, seq) => ({ m, seq }))
    .filter(({ m, seq }) => m.required && !skip.includes(seq))
    .map(({ m, seq }) => ({ seq, form: 'paper_original', count: m.count ?? 1 }));
}

/** A client with a token (admin, clerk, approver …). */
export function api(base, who) {
  const call = (method) => (path, body) => request(base, method, path, { token: who.token, body });
  return { get: call('GET'), post: call('POST'), put: call('PUT') };
}

/** What a refused case request must leave as it was: the cases involved,
 * the case list's size, the audit log and the outbox. */
export async function caseState(base, admin, ids = []) {
  const a = api(base, admin);
  const list = await a.get('/api/v1/cases?page_size=1');
  const audit = await a.get('/api/v1/audit?page_size=1');
  const outbox = await a.get('/api/v1/outbox?page_size=1');
  const cases = [];
  for (const id of ids) cases.push((await a.get(`/api/v1/cases/${id}`)).json);
  return JSON.stringify({ n: list.json.total, audit: audit.json.total, outbox: outbox.json.total, cases });
}

export async function unchanged(base, admin, ids, fn) {
  const before = await caseState(base, admin, ids);
  const r = await fn();
  assert.equal(await caseState(base, admin, ids), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

/** `yiwang cases sweep` once, with the clock at `ms`. */
export function sweep(srv, ms, env = {}) {
  return yiwang(['cases', 'sweep', '--store', srv.store.url],
    { env: { ...process.env, ...env, YIWANG_TEST_CLOCK: String(ms) } });
}

/** Outbox messages (newest first) whose body mentions `text`. */
export async function outboxWith(base, admin, text) {
  const found = [];
  for (let page = 1; ; page++) {
    const out = await api(base, admin).get(`/api/v1/outbox?page_size=200&page=${page}`);
    found.push(...out.json.items.filter((m) => m.body.includes(text)));
    if (page * 200 >= out.json.total) return found;
  }
}

/** The text of a PDF (pdftotext), or null when the tool is missing. */
export function pdfText(buf) {
  const dir = mkdtempSync(join(tmpdir(), 'ywpdf-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), buf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'n.pdf'), '-'], { encoding: 'utf8' });
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GET a binary body (a PDF). */
export function getBinary(base, path, token) {
  return fetch(new URL(path, base), { headers: { Authorization: `Bearer ${token}` } })
    .then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) }));
}
