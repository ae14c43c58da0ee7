// Fan-out of hall events to many server-sent event streams.
//
//   node bench/sse_fanout.mjs        (YW_BIN=path/to/yiwang, default build/yiwang)
//
// Starts its own `yiwang serve` on a fresh seeded SQLite store (or
// PostgreSQL: YW_BENCH_STORE=<libpq conninfo of an empty database>), opens
// SUBS (1000) subscribers to one hall stream, then makes CALLS (20) calls:
// each issues a ticket, a clerk calls it (call-next) and lets it go
// (no-show). Latency of a subscriber = from sending call-next to that
// subscriber having parsed the ticket.called frame (so it includes this
// node process reading 1000 sockets on one thread). Prints p50/p99/max and
// the server's RSS (VmRSS, VmHWM from /proc) with all streams open.
// Targets: p99 < 200 ms, RSS < 100 MB. Builds nothing.
//
// 1000 sockets on each side need more than the common 1024 open files: the
// script re-runs itself under `ulimit -n` when the soft limit is lower.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = process.env.YW_BIN || join(ROOT, 'build/yiwang');
const SUBS = Number(process.env.SUBS || 1000);
const CALLS = Number(process.env.CALLS || 20);
const HALL = 1, QUEUE = 1, WINDOW = 1;
const NEED_FDS = SUBS * 2 + 256;

function softFdLimit() {
  const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

if (softFdLimit() < NEED_FDS && !process.env.YW_BENCH_REEXEC) {
  const r = spawn('sh', ['-c', `ulimit -n ${NEED_FDS} 2>/dev/null || { echo "sse_fanout: needs ${NEED_FDS} open files: raise the hard limit (ulimit -Hn)" >&2; exit 1; }; exec "$0" "$@"`, process.execPath, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, YW_BENCH_REEXEC: '1' } });
  r.on('exit', (code) => process.exit(code ?? 1));
} else {
  main().catch((e) => { console.error(e); process.exit(1); });
}

function req(port, method, path, { body, token } = {}) {
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const headers = {};
  if (data) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = data.length; }
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Promise((ok, fail) => {
    const q = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, json: text ? JSON.parse(text) : null, text }));
    });
    q.on('error', fail);
    if (data) q.write(data);
    q.end();
  });
}

// One subscriber: calls onCalled(code, t) when it has parsed a ticket.called frame.
function subscribe(port, onCalled) {
  return new Promise((ok, fail) => {
    const q = http.get({ host: '127.0.0.1', port, path: `/api/v1/events/halls/${HALL}`, agent: false }, (res) => {
      if (res.statusCode !== 200) return fail(new Error(`stream: ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (frame.includes('event: ticket.called\n')) {
            const t = performance.now();
            const m = /"code":"([^"]+)"/.exec(frame);
            onCalled(m[1], t);
          }
        }
      });
      res.on('error', () => {});
      ok(q);
    });
    q.on('error', fail);
  });
}

function startServer(store, dir) {
  const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--store', store, '--web', join(dir, 'no-web')],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start:\n' + logs)), 15000);
    proc.stderr.on('data', (d) => {
      logs += d;
      if (logs.length > 1 << 20) logs = logs.slice(-65536); // the access log of 1000 streams
      const m = /"event":"listening".*?"port":(\d+)/.exec(logs);
      if (m && !proc.port) { clearTimeout(timer); proc.port = Number(m[1]); ok(proc); }
    });
    proc.on('exit', (code) => fail(new Error(`server exited ${code}:\n${logs}`)));
  });
}

function rss(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ywsse-'));
  const store = process.env.YW_BENCH_STORE || `sqlite:${join(dir, 'yiwang.db')}`;
  execFileSync(BIN, ['seed', 'demo', '--store', store], { stdio: 'ignore' });
  const proc = await startServer(store, dir);
  const port = proc.port;
  try {
    const idle = rss(proc.pid);
    const login = await req(port, 'POST', '/api/v1/auth/login', { body: { username: 'clerk01', password: 'Demo@2026yw' } });
    if (login.status !== 200) throw new Error(`login: ${login.text}`);
    const token = login.json.token;

    const waiting = new Map(); // code -> {t0, times: []}
    const onCalled = (code, t) => { const w = waiting.get(code); if (w) w.times.push(t - w.t0); };
    const t0open = performance.now();
    const streams = [];
    for (let i = 0; i < SUBS; i += 100) {
      const batch = [];
      for (let k = i; k < Math.min(SUBS, i + 100); k++) batch.push(subscribe(port, onCalled));
      streams.push(...(await Promise.all(batch)));
    }
    const openMs = performance.now() - t0open;
    const open = rss(proc.pid);

    const lat = [];
    let incomplete = 0;
    for (let c = 0; c < CALLS; c++) {
      const t = await req(port, 'POST', `/api/v1/halls/${HALL}/tickets`, { body: { queue_id: QUEUE } });
      if (t.status !== 201) throw new Error(`ticket: ${t.text}`);
      await new Promise((r) => setTimeout(r, 50)); // let ticket.issued reach everyone first
      const w = { t0: performance.now(), times: [] };
      waiting.set(t.json.code, w);
      const called = await req(port, 'POST', `/api/v1/windows/${WINDOW}/call-next`, { token });
      if (called.status !== 200) throw new Error(`call-next: ${called.text}`);
      if (called.json.code !== t.json.code) throw new Error(`called ${called.json.code}, expected ${t.json.code}`);
      const until = performance.now() + 5000;
      while (w.times.length < SUBS && performance.now() < until) await new Promise((r) => setTimeout(r, 2));
      if (w.times.length < SUBS) incomplete++;
      lat.push(...w.times);
      const ns = await req(port, 'POST', `/api/v1/windows/${WINDOW}/no-show`, { token });
      if (ns.status !== 200) throw new Error(`no-show: ${ns.text}`);
    }
    const loaded = rss(proc.pid);
    lat.sort((a, b) => a - b);
    const f = (x) => x.toFixed(1);
    console.log(`sse fan-out: ${SUBS} subscribers on one hall stream, ${CALLS} calls (${store.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL'})`);
    console.log(`  opened ${streams.length} streams in ${f(openMs)} ms`);
    console.log(`  deliveries ${lat.length}/${SUBS * CALLS}${incomplete ? `  (${incomplete} calls not seen by every subscriber within 5 s)` : ''}`);
    console.log(`  latency ms  p50 ${f(pct(lat, 50))}  p99 ${f(pct(lat, 99))}  max ${f(lat.at(-1))}   target p99 < 200`);
    console.log(`  server RSS MB  idle ${f(idle.rss)}  with streams ${f(open.rss)}  after calls ${f(loaded.rss)}  peak ${f(loaded.hwm)}   target < 100`);
    for (const s of streams) s.destroy();
  } finally {
    const done = new Promise((ok) => proc.on('exit', ok));
    proc.kill('SIGTERM');
    await done;
    rmSync(dir, { recursive: true, force: true });
  }
}
