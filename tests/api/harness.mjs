// Starts a real `yiwang serve` on a free loopback port against a fresh store
// (SQLite file, or a fresh PostgreSQL database when YW_TEST_PG is set and
// YW_API_STORE=pg), seeded with the demo district, and gives tests a small
// HTTP client. Every test file gets its own server and store.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import http from 'node:http';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = process.env.YW_BIN || join(ROOT, 'build/yiwang');
export const ADMIN = { username: 'admin', password: 'Admin@2026yw' };
export const DEMO_PASSWORD = 'Demo@2026yw';

let pgCounter = 0;

function freshStore(dir) {
  if (process.env.YW_API_STORE === 'pg') {
    const base = process.env.YW_TEST_PG;
    if (!base) throw new Error('YW_API_STORE=pg needs YW_TEST_PG');
    const db = `yw_api_${process.pid}_${pgCounter++}`;
    const host = /host=(\S+)/.exec(base)[1];
    execFileSync('psql', ['-h', host, '-U', 'postgres', '-d', 'postgres', '-qc', `CREATE DATABASE ${db}`]);
    return { url: `host=${host} dbname=${db} user=postgres`, kind: 'pg', db, host };
  }
  return { url: `sqlite:${join(dir, 'yiwang.db')}`, kind: 'sqlite', file: join(dir, 'yiwang.db') };
}

export function yiwang(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

// `restart`: a server stopped with stop({ keep: true }); the new one serves
// the same store (not seeded again), as after a restart in production.
export async function startServer({ seed = true, extra = [], web = null, env = {}, restart = null } = {}) {
  const dir = restart ? restart.dir : mkdtempSync(join(tmpdir(), 'ywapi-'));
  const store = restart ? restart.store : freshStore(dir);
  if (seed && !restart) yiwang(['seed', 'demo', '--store', store.url], { env: { ...process.env, ...env } });
  const args = ['serve', '--listen', '127.0.0.1:0', '--store', store.url, ...extra];
  args.push('--web', web || join(dir, 'no-web'));
  const proc = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let logs = '';
  const port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start:\n' + logs)), 10000);
    proc.stderr.on('data', (d) => {
      logs += d;
      const m = /"event":"listening".*?"port":(\d+)/.exec(logs);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    proc.on('exit', (code) => fail(new Error(`server exited ${code}:\n${logs}`)));
  });
  proc.removeAllListeners('exit');
  let stopping = false;
  // A server that dies on its own (a sanitizer report, a crash) shows why.
  proc.on('exit', (code, sig) => {
    if (!stopping) process.stderr.write(`\n[yiwang exited unexpectedly: ${code ?? sig}]\n${logs.slice(-6000)}\n`);
  });
  const server = {
    base: `http://127.0.0.1:${port}`, port, proc, store, dir,
    logs: () => logs,
    async stop({ keep = false } = {}) {
      stopping = true;
      if (proc.exitCode === null) {
        const done = new Promise((ok) => proc.on('exit', (code, sig) => ok({ code, sig })));
        proc.kill('SIGTERM');
        const res = await done;
        server.exit = res;
      }
      if (keep) return server.exit; // the store stays for startServer({ restart })
      if (store.kind === 'pg') {
        try { execFileSync('psql', ['-h', store.host, '-U', 'postgres', '-d', 'postgres', '-qc', `DROP DATABASE IF EXISTS ${store.db}`]); } catch { /* best effort */ }
      }
      rmSync(dir, { recursive: true, force: true });
      return server.exit;
    },
  };
  return server;
}

// Raw HTTP so tests control every byte (fetch would normalise paths and bodies).
export function request(base, method, path, { body, headers = {}, token, cookie, csrf, raw, agent } = {}) {
  const url = new URL(path, base);
  const h = { ...headers };
  let data = null;
  if (raw !== undefined) data = raw;
  else if (body !== undefined) { data = Buffer.from(JSON.stringify(body)); h['Content-Type'] ??= 'application/json'; }
  if (data !== null) h['Content-Length'] = Buffer.byteLength(data);
  if (token) h.Authorization = `Bearer ${token}`;
  if (cookie) h.Cookie = cookie;
  if (csrf) h['X-CSRF-Token'] = csrf;
  return new Promise((ok, fail) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: h, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
          ok({ status: res.statusCode, headers: res.headers, text, json });
        });
      });
    req.on('error', fail);
    if (data !== null) req.write(data);
    req.end();
  });
}

export async function login(base, username, password) {
  const r = await request(base, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  const cookie = r.headers['set-cookie'][0].split(';')[0];
  return { token: r.json.token, csrf: r.json.csrf, cookie, user: r.json.user, headers: r.headers };
}

// A client bound to one bearer token.
export function client(base, token) {
  const call = (method) => (path, body, extra = {}) => request(base, method, path, { body, token, ...extra });
  return { get: call('GET'), post: call('POST'), put: call('PUT'), del: call('DELETE') };
}

// Asserts an error reply names the registry error (and field, when given).
export function isError(r, status, error, field) {
  const ok = r.status === status && r.json && r.json.error === error &&
    typeof r.json.code === 'number' && typeof r.json.hint === 'string' && r.json.hint.length > 0 &&
    (field === undefined || r.json.field === field);
  if (!ok) throw new Error(`expected ${status} ${error}${field ? ' field=' + field : ''}, got ${r.status} ${r.text}`);
}

// A snapshot of what a failed request must not change.
export async function snapshot(base, token, resource) {
  const list = await request(base, 'GET', `/api/v1/${resource}?page_size=200`, { token });
  const audit = await request(base, 'GET', '/api/v1/audit?page_size=1', { token });
  return JSON.stringify({ items: list.json.items, total: list.json.total, audit: audit.json.total });
}
