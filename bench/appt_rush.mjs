#!/usr/bin/env node
// Appointment rush (抢号): CLIENTS bookings fired at once at PLACES places
// (one place in each of PLACES five-minute slots, every client aiming at
// slot i mod PLACES). Starts its own server on a fresh, seeded store and
// reports the latency of each booking as its client saw it, then checks
// that exactly PLACES bookings succeeded, every other one was refused with
// SLOT_FULL, and the slots' counters equal the booked rows.
//
//   YW_BIN=build/yiwang node bench/appt_rush.mjs
//   CLIENTS=2000 PLACES=100 ROUNDS=3   (defaults 2000, 100, 3)
//   YW_BENCH_STORE=pg YW_TEST_PG="host=… " for PostgreSQL
//     (YW_TEST_PG as scripts/pg-test-cluster.sh prints it)
//
// Two latencies per booking: as the client saw it (send to last byte, so
// with 2,000 requests fired at once it includes waiting for the client's
// own event loop and TCP set-up), and the server's own time from the
// request's arrival to the end of its reply (its access log). A burst of
// GET /healthz of the same size shows the floor the client and transport
// alone give on this machine.
//
// Target: p99 < 100 ms. Exit status 1 when the counts are wrong.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import http from 'node:http';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = process.env.YW_BIN || join(ROOT, 'build/yiwang');
const CLIENTS = Number(process.env.CLIENTS || 2000);
const PLACES = Number(process.env.PLACES || 100);
const ROUNDS = Number(process.env.ROUNDS || 3);
// Tuesday 2026-11-24 10:00 in Shanghai: the bookings are for the next
// working days, whatever today's date is.
const CLOCK = Date.UTC(2026, 10, 24, 2, 0, 0);
const DAYS = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01'];

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid resident ID number (GB 11643) of region 441602. */
function idNumber(n) {
  const body = '441602' + String(19500101 + Math.floor(n / 1000) * 10000) + String(n % 1000).padStart(3, '0');
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}

function store(dir) {
  if (process.env.YW_BENCH_STORE !== 'pg') return { url: `sqlite:${join(dir, 'yiwang.db')}`, drop() {} };
  const host = /host=(\S+)/.exec(process.env.YW_TEST_PG || '')?.[1];
  if (!host) throw new Error('YW_BENCH_STORE=pg needs YW_TEST_PG');
  const db = `yw_rush_${process.pid}`;
  const psql = (sql) => execFileSync('psql', ['-h', host, '-U', 'postgres', '-d', 'postgres', '-qc', sql]);
  psql(`CREATE DATABASE ${db}`);
  return { url: `host=${host} dbname=${db} user=postgres`, drop: () => psql(`DROP DATABASE IF EXISTS ${db}`) };
}

// Every client keeps its connection (as a browser on the booking page does).
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS, maxFreeSockets: CLIENTS });
function request(base, method, path, { body, token } = {}) {
  const url = new URL(path, base);
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const headers = {};
  if (data) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': data.length });
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Promise((ok, fail) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        ok({ status: res.statusCode, json, text });
      });
    });
    req.on('error', fail);
    if (data) req.write(data);
    req.end();
  });
}

function pct(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]; }

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'yw-rush-'));
  const st = store(dir);
  const env = { ...process.env, YIWANG_TEST_CLOCK: String(CLOCK) };
  execFileSync(BIN, ['seed', 'demo', '--store', st.url], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--store', st.url, '--web', join(dir, 'no-web')],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  let serverUs = [];
  let partial = '';
  proc.stderr.on('data', (d) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const l of lines) {
      if (!l.includes('"event":"access"') || !l.includes('"route":"/api/v1/appointments"')) continue;
      const m = /"us":(\d+)/.exec(l);
      if (m) serverUs.push(Number(m[1]) / 1000);
    }
  });
  const port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start:\n' + logs)), 15000);
    proc.stderr.on('data', (d) => {
      logs += d;
      const m = /"event":"listening".*?"port":(\d+)/.exec(logs);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    proc.on('exit', (code) => fail(new Error(`server exited ${code}:\n${logs}`)));
  });
  proc.removeAllListeners('exit');
  const base = `http://127.0.0.1:${port}`;
  let failed = false;
  try {
    const login = await request(base, 'POST', '/api/v1/auth/login', { body: { username: 'hallmgr', password: 'Demo@2026yw' } });
    const token = login.json.token;
    // PLACES five-minute slots from 08:00, one window place each.
    const q = await request(base, 'POST', '/api/v1/queues', { token, body: { hall_id: 1, code: 'RUSH', name: '抢号压测', prefix: 'Z' } });
    if (q.status !== 201) throw new Error(q.text);
    const end = 8 * 60 + PLACES * 5;
    const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const s = await request(base, 'POST', '/api/v1/appt-sessions', { token, body: { hall_id: 1, queue_id: q.json.id, day_kind: 'workday', start_time: '08:00', end_time: hhmm(end), slot_minutes: 5, online_capacity: 0, internal_capacity: 1 } });
    if (s.status !== 201) throw new Error(s.text);
    console.log(`appointment rush: ${CLIENTS} clients at once for ${PLACES} places (${PLACES} slots × 1), ${ROUNDS} round(s), store ${process.env.YW_BENCH_STORE === 'pg' ? 'PostgreSQL' : 'SQLite'}`);
    for (let warm = 0; warm < 2; warm++) { // the first burst also opens the connections
      const floor = (await Promise.all(Array.from({ length: CLIENTS }, async () => {
        const a = performance.now();
        await request(base, 'GET', '/healthz');
        return performance.now() - a;
      }))).sort((x, y) => x - y);
      if (warm) console.log(`transport floor: ${CLIENTS} × GET /healthz at once on open connections, client-seen p50 ${floor[CLIENTS >> 1].toFixed(1)} ms, p99 ${pct(floor, 0.99).toFixed(1)} ms`);
    }
    for (let round = 0; round < ROUNDS && round < DAYS.length; round++) {
      serverUs = [];
      const date = DAYS[round];
      // The day's slots exist before the rush (people look before they book).
      await request(base, 'GET', `/api/v1/halls/1/availability?queue_id=${q.json.id}&date=${date}`);
      const lat = new Array(CLIENTS);
      const t0 = performance.now();
      const replies = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
        const a = performance.now();
        const r = await request(base, 'POST', '/api/v1/appointments', {
          token, body: { queue_id: q.json.id, date, start: hhmm(8 * 60 + (i % PLACES) * 5), name: `抢号${i}`, id_number: idNumber(round * CLIENTS + i) },
        });
        lat[i] = performance.now() - a;
        return r;
      }));
      const wall = performance.now() - t0;
      const ok = replies.filter((r) => r.status === 201).length;
      const full = replies.filter((r) => r.status === 409 && r.json?.error === 'SLOT_FULL').length;
      const other = replies.filter((r) => r.status !== 201 && !(r.status === 409 && r.json?.error === 'SLOT_FULL'));
      const day = await request(base, 'GET', `/api/v1/halls/1/availability?queue_id=${q.json.id}&date=${date}`);
      const used = day.json.slots.reduce((n, x) => n + x.capacity_internal - x.free_internal, 0);
      const list = await request(base, 'GET', `/api/v1/halls/1/appointments?date=${date}`, { token });
      const rows = list.json.items.filter((a) => a.queue_id === q.json.id && a.status === 'booked').length;
      const sorted = lat.sort((x, y) => x - y);
      await new Promise((ok) => setTimeout(ok, 200)); // the last access lines
      const srvSorted = serverUs.slice().sort((x, y) => x - y);
      const f = (v) => (v === undefined ? '   -' : v.toFixed(1).padStart(6));
      console.log(`round ${round + 1} ${date}: booked ${ok}, SLOT_FULL ${full}, other ${other.length}; counters ${used}, rows ${rows}; ` +
        `${(CLIENTS / wall * 1000).toFixed(0)} bookings/s (${wall.toFixed(0)} ms)\n` +
        `  client-seen ms p50 ${f(pct(sorted, 0.5))} p90 ${f(pct(sorted, 0.9))} p99 ${f(pct(sorted, 0.99))} max ${f(sorted[sorted.length - 1])}\n` +
        `  server ms      p50 ${f(pct(srvSorted, 0.5))} p90 ${f(pct(srvSorted, 0.9))} p99 ${f(pct(srvSorted, 0.99))} max ${f(srvSorted[srvSorted.length - 1])} (${srvSorted.length} logged)` +
        `${pct(srvSorted, 0.99) < 100 ? '' : '  [server p99 over the 100 ms target]'}`);
      if (other.length) console.log('  first other reply:', other[0].status, other[0].text.slice(0, 200));
      if (ok !== PLACES || full + ok !== CLIENTS || used !== PLACES || rows !== PLACES) failed = true;
    }
  } finally {
    proc.kill('SIGTERM');
    await new Promise((ok) => proc.on('exit', ok));
    agent.destroy();
    try { st.drop(); } catch { /* best effort */ }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(failed ? 'FAILED: the counts are wrong' : `ok: exactly ${PLACES} bookings per round, the rest SLOT_FULL`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
