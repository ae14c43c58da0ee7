// Server-sent events of the hall queue (docs/queue.md "Events"): live
// delivery, Last-Event-ID replay (also across a restart), heartbeats, clean
// and prompt shutdown with open streams, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { startServer, login, client, request, isError, DEMO_PASSWORD } from './harness.mjs';

const HALL = 1;
const QUEUE = 1; // 综合受理, called by window 1 (clerk01's hall)
const WINDOW = 1;

// A stream read as it arrives: events [{id, type, data}], comments, end.
function openStream(base, path, headers = {}) {
  const url = new URL(path, base);
  return new Promise((ok, fail) => {
    const req = http.get({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent: false,
      headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const s = { status: res.statusCode, headers: res.headers, events: [], comments: [], raw: '', ended: false,
        close() { req.destroy(); } };
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => { s.json = JSON.parse(text); s.text = text; ok(s); });
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        s.raw += d;
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = {};
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) s.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) ev.id = Number(line.slice(4));
            else if (line.startsWith('event: ')) ev.type = line.slice(7);
            else if (line.startsWith('data: ')) ev.data = JSON.parse(line.slice(6));
          }
          if (ev.type) s.events.push(ev);
        }
      });
      res.on('end', () => { s.ended = true; });
      res.on('error', () => { s.ended = true; });
      res.on('close', () => { s.closed = true; });
      ok(s);
    });
    req.on('error', fail);
  });
}

async function waitFor(pred, what, ms = 5000) {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ids = (evs) => evs.filter((e) => e.id).map((e) => e.id);

async function issue(base) {
  const r = await request(base, 'POST', `/api/v1/halls/${HALL}/tickets`, { body: { queue_id: QUEUE } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Call the next ticket at window 1 and let it go (no-show), so the window is free again.
async function callNext(clerk) {
  const r = await clerk.post(`/api/v1/windows/${WINDOW}/call-next`);
  assert.equal(r.status, 200, r.text);
  const n = await clerk.post(`/api/v1/windows/${WINDOW}/no-show`);
  assert.equal(n.status, 200, n.text);
  return r.json;
}

let srv, clerk;
const srvKind = () => process.env.YW_API_STORE === 'pg' ? 'pg' : 'sqlite';
before(async () => {
  srv = await startServer({ env: { YIWANG_SSE_HEARTBEAT_MS: '300' } });
  clerk = client(srv.base, (await login(srv.base, 'clerk01', DEMO_PASSWORD)).token);
});
after(async () => { await srv.stop(); });

test('a hall stream receives the call of a window, with SSE headers', async () => {
  const s = await openStream(srv.base, `/api/v1/events/halls/${HALL}`);
  assert.equal(s.status, 200);
  assert.match(s.headers['content-type'], /^text\/event-stream/);
  assert.equal(s.headers['cache-control'], 'no-store');
  assert.equal(s.headers['x-accel-buffering'], 'no');
  await waitFor(() => s.raw.length > 0, 'the first bytes');
  assert.ok(s.raw.startsWith('retry: 2000\n'), s.raw);
  const t = await issue(srv.base);
  const called = await callNext(clerk);
  assert.equal(called.code, t.code);
  await waitFor(() => s.events.some((e) => e.type === 'ticket.called' && e.data.code === t.code), 'ticket.called');
  const issued = s.events.find((e) => e.type === 'ticket.issued' && e.data.code === t.code);
  const call = s.events.find((e) => e.type === 'ticket.called');
  assert.ok(issued && issued.id < call.id, 'issued comes before called, ids ascending');
  assert.equal(call.data.window_id, WINDOW);
  assert.equal(call.data.queue_id, QUEUE);
  assert.ok(call.data.text.includes(t.code));
  // No personal data in events.
  assert.ok(!/id_number|phone/.test(s.raw));
  s.close();
});

test('heartbeat comments arrive on an idle stream', async () => {
  const s = await openStream(srv.base, `/api/v1/events/halls/${HALL}`);
  await waitFor(() => s.comments.includes('ping'), 'a heartbeat', 3000);
  const m = await request(srv.base, 'GET', '/metrics');
  assert.match(m.text, /yiwang_sse_streams [1-9]/);
  s.close();
});

test('Last-Event-ID replays exactly the missed events, header or query', async () => {
  const ref = await openStream(srv.base, `/api/v1/events/halls/${HALL}`);
  const a = await openStream(srv.base, `/api/v1/events/halls/${HALL}`);
  await issue(srv.base);
  await waitFor(() => a.events.length >= 1, 'the first event');
  const seen = a.events.at(-1).id;
  a.close();
  await issue(srv.base);
  await callNext(clerk);
  await waitFor(() => ref.events.length >= 4, 'the reference stream');
  const missed = ids(ref.events).filter((id) => id > seen);
  assert.equal(missed.length, 3, JSON.stringify(ref.events));
  const b = await openStream(srv.base, `/api/v1/events/halls/${HALL}`, { 'Last-Event-ID': String(seen) });
  await waitFor(() => b.events.length >= missed.length, 'the replay');
  await new Promise((r) => setTimeout(r, 200)); // nothing more should come
  assert.deepEqual(ids(b.events), missed);
  assert.deepEqual(b.events, ref.events.filter((e) => e.id > seen), 'same frames as live');
  const c = await openStream(srv.base, `/api/v1/events/halls/${HALL}?last_event_id=${seen}`);
  await waitFor(() => c.events.length >= missed.length, 'the replay by query');
  assert.deepEqual(ids(c.events), missed);
  // Live events follow the replay.
  await issue(srv.base);
  await waitFor(() => b.events.length === missed.length + 1, 'a live event after the replay');
  assert.ok(b.events.at(-1).id > missed.at(-1));
  for (const s of [ref, b, c]) s.close();
});

test('a client that keeps reconnecting with Last-Event-ID sees every event once, in order', async () => {
  const ref = await openStream(srv.base, `/api/v1/events/halls/${HALL}`);
  const got = [];
  let last = 0;
  let producing = true;
  const N = 25;
  const producer = (async () => {
    for (let i = 0; i < N; i++) await issue(srv.base);
    producing = false;
  })();
  await waitFor(() => ref.events.length >= 1, 'the first event');
  last = ref.events[0].id - 1; // as if it had seen everything before
  // Until the producer is done and the client has as many events as were
  // made (comparing with the reference stream's last event raced with its
  // own delivery of that event). A lost event would keep it going: bounded.
  const deadline = Date.now() + 20000;
  while (producing || got.length < N) {
    assert.ok(Date.now() < deadline, `the reconnecting client got ${got.length} of ${N} events`);
    const s = await openStream(srv.base, `/api/v1/events/halls/${HALL}`, { 'Last-Event-ID': String(last) });
    await new Promise((r) => setTimeout(r, 15 + Math.random() * 40));
    s.close();
    for (const e of s.events) got.push(e);
    if (got.length) last = got.at(-1).id;
  }
  await producer;
  await waitFor(() => ref.events.length === N, 'the reference stream');
  assert.deepEqual(ids(got), ids(ref.events));
  ref.close();
});

test('a ticket stream follows its ticket and its queue; replay too', async () => {
  const t = await issue(srv.base);
  const s = await openStream(srv.base, `/api/v1/events/tickets/${t.token}`);
  assert.equal(s.status, 200);
  const other = await request(srv.base, 'POST', `/api/v1/halls/${HALL}/tickets`, { body: { queue_id: 2 } });
  assert.equal(other.status, 201, other.text);
  await callNext(clerk); // calls some ticket of queue 1 (maybe an older one)
  await waitFor(() => s.events.some((e) => e.type === 'ticket.no_show'), 'the queue events');
  assert.ok(s.events.every((e) => e.data.queue_id === QUEUE), 'nothing of another queue');
  const first = s.events[0].id;
  const r = await openStream(srv.base, `/api/v1/events/tickets/${t.token}`, { 'Last-Event-ID': String(first - 1) });
  await waitFor(() => r.events.length >= s.events.length, 'the ticket replay');
  assert.deepEqual(ids(r.events), ids(s.events));
  s.close();
  r.close();
});

test('errors: unknown ticket token, unknown hall, bad Last-Event-ID', async () => {
  isError(await openStream(srv.base, '/api/v1/events/tickets/0123456789abcdef0123456789abcdef'), 404, 'NOT_FOUND');
  isError(await openStream(srv.base, '/api/v1/events/tickets/nope'), 404, 'NOT_FOUND');
  isError(await openStream(srv.base, '/api/v1/events/halls/9999'), 404, 'NOT_FOUND');
  isError(await openStream(srv.base, `/api/v1/events/halls/${HALL}`, { 'Last-Event-ID': 'x1' }), 400, 'BAD_QUERY',
    'Last-Event-ID');
});

test('after a restart on the same store, Last-Event-ID catches up and live events resume', async () => {
  let a = await startServer({ env: { YIWANG_SSE_HEARTBEAT_MS: '300' } });
  try {
    let c = client(a.base, (await login(a.base, 'clerk01', DEMO_PASSWORD)).token);
    const s = await openStream(a.base, `/api/v1/events/halls/${HALL}`);
    await issue(a.base);
    await waitFor(() => s.events.length === 1, 'the first event');
    const seen = s.events[0].id;
    s.close();
    await issue(a.base);
    await callNext(c);
    const ref = await openStream(a.base, `/api/v1/events/halls/${HALL}`, { 'Last-Event-ID': String(seen) });
    await waitFor(() => ref.events.length === 3, 'the missed events');
    ref.close();
    const exit = await a.stop({ keep: true });
    assert.equal(exit.code, 0);
    a = await startServer({ restart: a, env: { YIWANG_SSE_HEARTBEAT_MS: '300' } });
    c = client(a.base, (await login(a.base, 'clerk01', DEMO_PASSWORD)).token);
    const b = await openStream(a.base, `/api/v1/events/halls/${HALL}`, { 'Last-Event-ID': String(seen) });
    await waitFor(() => b.events.length === 3, 'the replay after the restart');
    assert.deepEqual(b.events, ref.events);
    await issue(a.base);
    await waitFor(() => b.events.length === 4, 'a live event after the restart');
    assert.ok(b.events[3].id > b.events[2].id);
    b.close();
  } finally {
    await a.stop();
  }
});

test('PostgreSQL: the listener reconnects; streams are cut so clients catch up', { skip: srvKind() !== 'pg' }, async () => {
  const a = await openStream(srv.base, `/api/v1/events/halls/${HALL}`);
  await issue(srv.base);
  await waitFor(() => a.events.length === 1, 'an event through LISTEN');
  const { host, db } = srv.store;
  execFileSync('psql', ['-h', host, '-U', 'postgres', '-d', db, '-qAtc',
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'"]);
  // Notifications sent while it was away are lost: the stream is cut and
  // the client reconnects with Last-Event-ID.
  await waitFor(() => a.closed, 'the stream to be cut', 5000);
  const b = await openStream(srv.base, `/api/v1/events/halls/${HALL}`, { 'Last-Event-ID': String(a.events[0].id) });
  await issue(srv.base);
  await waitFor(() => b.events.length >= 1, 'a live event after the reconnection');
  b.close();
});

test('SIGTERM with 50 open streams exits promptly and ends every stream', async () => {
  const a = await startServer();
  try {
    const t = await issue(a.base);
    const streams = [];
    for (let i = 0; i < 50; i++) {
      const path = i % 5 ? `/api/v1/events/halls/${HALL}` : `/api/v1/events/tickets/${t.token}`;
      streams.push(await openStream(a.base, path));
    }
    await waitFor(() => streams.every((s) => s.raw.length > 0), 'all streams open');
    const t0 = Date.now();
    const exit = await a.stop({ keep: true }); // SIGTERM, then wait for the exit
    const ms = Date.now() - t0;
    assert.equal(exit.code, 0, a.logs().slice(-2000));
    assert.ok(ms < 3000, `exit took ${ms} ms`);
    await waitFor(() => streams.every((s) => s.ended || s.closed), 'every stream ended', 1000);
    assert.ok(streams.filter((s) => s.ended).length >= 45, 'streams end cleanly, not cut');
    assert.match(a.logs(), /"event":"shutdown_done"/);
  } finally {
    await a.stop();
  }
});
