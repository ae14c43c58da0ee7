// The full case cycle through the HTTP API, as fast as it goes (bench/case_bench.sh):
// intake at a window of hall 1 (失业保障“一件事”, complete) → the two departments
// of its parallel stage approve at the same time (人社, 医保) → the case is
// decided → pickup chosen → handed over at the issuing window with the code and
// the applicant's ID. Each worker runs cycles back to back for the duration;
// the report is one JSON line: cases/s, requests/s, errors, latencies.
//
//   node bench/case_cycle.mjs BASE SECONDS WORKERS [WARMUP_SECONDS]
//
// With YW_CASES_OUT=FILE it also writes "CASE_NO:KEY" lines of the cases it
// delivered (KEY: the last four digits of the applicant's phone), for the
// progress lookup bench.
import http from 'node:http';
import { writeFileSync } from 'node:fs';

const [base, secondsArg, workersArg, warmupArg] = process.argv.slice(2);
const SECONDS = Number(secondsArg || 10), WORKERS = Number(workersArg || 16), WARMUP = Number(warmupArg || 2);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS * 2 });

function call(method, path, body, token) {
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const headers = { Authorization: `Bearer ${token}` };
  if (data) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': data.length });
  const t0 = process.hrtime.bigint();
  return new Promise((ok, fail) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        ok({ status: res.statusCode, json: text ? JSON.parse(text) : null, text, us: Number(process.hrtime.bigint() - t0) / 1000 });
      });
    });
    req.on('error', fail);
    if (data) req.write(data);
    req.end();
  });
}

async function login(username, password) {
  const r = await call('POST', '/api/v1/auth/login', { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.text}`);
  return r.json.token;
}

// A valid resident ID number (GB 11643) for serial n: region 440524, born 1985-03-15.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(n) {
  const body = `44052419850315${String(n % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}

const clerk = await login('clerk01', 'Demo@2026yw');
const rs = await login('approver_rs', 'Demo@2026yw');
const yb = await login('approver_yb', 'Demo@2026yw');
const search = await call('GET', `/api/v1/items?q=${encodeURIComponent('11441602707104225N-0018')}`, undefined, clerk);
const hit = search.json.items.find((i) => i.code === '11441602707104225N-0018');
const full = (await call('GET', `/api/v1/items/${hit.id}`, undefined, clerk)).json;
const materials = (full.content ?? full).materials.map((m, seq) => ({ m, seq })).filter(({ m }) => m.required)
  .map(({ m, seq }) => ({ seq, form: 'paper_original', count: m.count ?? 1 }));
const WINDOWS = [1, 2, 3, 4, 5, 6, 7, 8];

let measuring = false, stop = false, cases = 0, requests = 0, errors = 0, serial = process.pid * 1000;
const lat = { intake: [], approve: [], delivery: [], pickup: [] };
let firstError = null;
const done = [];

function check(r, what) {
  if (measuring) requests++;
  if (r.status >= 300) {
    errors++;
    firstError ??= `${what}: ${r.status} ${r.text.slice(0, 300)}`;
    return false;
  }
  return true;
}

function note(kind, r) {
  if (measuring) lat[kind].push(r.us);
}

async function cycle() {
  const n = serial++;
  const applicant = { kind: 'person', name: `压测申请人${n % 100000}`, id_number: idNumber(n),
    phone: `139${String(n % 100000000).padStart(8, '0')}` };
  const intake = await call('POST', '/api/v1/cases', { item_id: hit.id, window_id: WINDOWS[n % WINDOWS.length], applicant, materials }, clerk);
  note('intake', intake);
  if (!check(intake, 'intake')) return;
  const open = intake.json.steps.filter((s) => s.state === 'active');
  const [a, b] = await Promise.all(open.map((s) =>
    call('POST', `/api/v1/case-steps/${s.id}/approve`, { version: s.version }, s.department_name.includes('医疗') ? yb : rs)));
  note('approve', a);
  note('approve', b);
  if (!check(a, 'approve') || !check(b, 'approve')) return;
  const id = intake.json.id;
  const ch = await call('POST', `/api/v1/cases/${id}/delivery`, { method: 'pickup' }, clerk);
  note('delivery', ch);
  if (!check(ch, 'delivery')) return;
  const p = await call('POST', '/api/v1/pickups', { code: ch.json.pickup_code, window_id: 15, collector_name: applicant.name,
    collector_id: applicant.id_number }, clerk);
  note('pickup', p);
  if (!check(p, 'pickup')) return;
  if (p.json.state !== 'delivered') {
    errors++;
    firstError ??= `pickup left the case ${p.json.state}`;
    return;
  }
  if (measuring) cases++;
  if (done.length < 2000) done.push(`${intake.json.case_no}:${applicant.phone.slice(-4)}`);
}

async function worker() {
  while (!stop) await cycle();
}

const workers = Array.from({ length: WORKERS }, worker);
await new Promise((ok) => setTimeout(ok, WARMUP * 1000));
measuring = true;
const t0 = process.hrtime.bigint();
await new Promise((ok) => setTimeout(ok, SECONDS * 1000));
measuring = false;
const s = Number(process.hrtime.bigint() - t0) / 1e9;
stop = true;
await Promise.all(workers);
agent.destroy();
if (process.env.YW_CASES_OUT) writeFileSync(process.env.YW_CASES_OUT, done.join('\n') + '\n');

const pct = (xs, p) => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((x, y) => x - y);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 10) / 100;
};
const ms = Object.fromEntries(Object.entries(lat).map(([k, xs]) => [k, { p50: pct(xs, 0.5), p99: pct(xs, 0.99) }]));
console.log(JSON.stringify({ cases, seconds: Number(s.toFixed(2)), cases_per_s: Math.round(cases / s), requests_per_s: Math.round(requests / s),
  errors, first_error: firstError, ms }));
