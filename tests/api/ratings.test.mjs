// 好差评: a served ticket rated on the window evaluator and by the QR on
// it, a bad review through verification, 限期整改, callback and closing,
// an appeal upheld and excluded from the figures, the public disclosure,
// every bad input of the issue (each leaving the store unchanged), scopes,
// twenty ratings of one ticket at once, the default rating after the
// period, online ratings, settings and the seeds' 2023 figures from the
// fixture. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, yiwang, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { TUESDAY_10 } from './queuelib.mjs';
import { served, citizen, unchanged, group } from './ratinglib.mjs';
import { ITEMS, item, person, checklist } from './caselib.mjs';
import { take, step, categories } from './hotlinelib.mjs';

const TODAY = '2026-11-24'; // TUESDAY_10's day
const DAY = `from=${TODAY}&to=${TODAY}`;
const PHONE = '13800000102'; // a demo citizen
const SCJG = 3; // 市场监督管理局 (approver_scjg); approver_rs is 人社局

let srv, admin, clerk, clerk2, clerk3, mgr, sup, scjg, rs;
let itemScjg; // an item of 市场监管局 taken by queue A of hall 1

before(async () => {
  srv = await startServer({ env: { YIWANG_TEST_CLOCK: String(TUESDAY_10) } });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  clerk2 = await login(srv.base, 'clerk02', DEMO_PASSWORD);
  clerk3 = await login(srv.base, 'clerk03', DEMO_PASSWORD);
  mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
  sup = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  scjg = await login(srv.base, 'approver_scjg', DEMO_PASSWORD);
  rs = await login(srv.base, 'approver_rs', DEMO_PASSWORD);
  const k = await request(srv.base, 'GET', '/api/v1/halls/1/kiosk');
  const queueA = k.json.queues.find((q) => q.code === 'A').item_ids;
  const items = await request(srv.base, 'GET', `/api/v1/items?department_id=${SCJG}&hall_id=1&page_size=100`);
  itemScjg = items.json.items.map((i) => i.id).find((id) => queueA.includes(id));
  assert.ok(itemScjg, 'queue A takes an item of 市场监管局');
});
after(() => srv?.stop());

const call = (who, method, path, body) => request(srv.base, method, path, { token: who.token, body });
const figures = (who, q) => call(who, 'GET', `/api/v1/rating-figures?${q}`);

test('rating options: five levels with the Guangdong scores, reason tags, both indicator sets', async () => {
  const o = await request(srv.base, 'GET', '/api/v1/rating-options');
  assert.equal(o.status, 200, o.text);
  assert.deepEqual(o.json.levels.map((l) => [l.code, l.label, l.score, l.bad]), [
    ['very_satisfied', '非常满意', 10, false], ['satisfied', '满意', 8, false], ['basic', '基本满意', 6, false],
    ['unsatisfied', '不满意', 3, true], ['very_unsatisfied', '非常不满意', 0, true]]);
  assert.ok(o.json.tags.some((t) => t.code === 'attitude'));
  assert.deepEqual(o.json.indicators.offline.map((i) => i.code), ['environment', 'attitude', 'standard', 'efficiency', 'result']);
  assert.deepEqual(o.json.indicators.online.map((i) => i.code), ['guide', 'convenience', 'timeliness', 'interaction', 'result']);
  assert.equal(o.json.default_days, 7);
});

test('the demo seed: history rated, bad reviews in every state, one appeal, the rest defaulted at start', async () => {
  const f = await figures(admin, 'by=all&from=2026-10-01&to=2026-11-23');
  const all = f.json.total;
  assert.ok(all.finished > 3000 && all.rated > 0.5 * all.finished, JSON.stringify(all));
  assert.ok(all.active > 0.3 * all.finished && all.default > 0, 'rated on the spot, and defaulted after the period');
  assert.equal(all.bad, 7);
  const orders = await call(admin, 'GET', '/api/v1/rectifications?page_size=50');
  const states = new Set(orders.json.items.map((x) => x.state));
  assert.deepEqual([...states].sort(), ['awaiting_callback', 'closed', 'rectifying', 'verifying']);
  assert.ok(orders.json.items.some((x) => x.overdue), 'an order past its verification date is flagged');
  assert.ok(orders.json.items.some((x) => x.callback && x.state === 'awaiting_callback'));
  const appeals = await call(sup, 'GET', '/api/v1/rating-appeals?state=pending');
  assert.equal(appeals.json.total, 1);
  // They are window service of the clerks' own department: its approver works them.
  const zwfw = await login(srv.base, 'approver_zwfw', DEMO_PASSWORD);
  assert.equal((await call(zwfw, 'GET', '/api/v1/rectifications?page_size=50')).json.total, 7);
});

test('done when: served at a window, rated bad on the evaluator, verified, 限期整改, called back, closed', async () => {
  const t = await served(srv.base, clerk, 1, { item_id: itemScjg, phone: PHONE });
  const ev = await call(clerk, 'GET', '/api/v1/windows/1/evaluator');
  assert.equal(ev.status, 200, ev.text);
  assert.deepEqual([ev.json.ticket.id, ev.json.ticket.code, ev.json.ticket.rated], [t.id, t.code, false]);
  assert.deepEqual([ev.json.staff.name, ev.json.window.number, ev.json.hall.name], [clerk.user.name, 1, '源城区政务服务中心']);

  const r = await call(clerk, 'POST', '/api/v1/windows/1/rating', {
    ticket_id: t.id, level: 'very_unsatisfied', tags: ['attitude', 'long_wait'],
    indicators: { attitude: 1, efficiency: 2 }, comment: '等了很久，态度也不好。', callback_consent: true,
  });
  assert.equal(r.status, 201, r.text);
  const g = r.json;
  assert.deepEqual([g.level, g.score, g.bad, g.active, g.source, g.channel, g.day], ['very_unsatisfied', 0, true, true, 'evaluator', 'onsite', TODAY]);
  assert.deepEqual([g.department.id, g.item.id, g.staff.id, g.window.number, g.hall.id], [SCJG, itemScjg, clerk.user.id, 1, 1]);
  assert.deepEqual(g.tags, ['attitude', 'long_wait']);
  assert.deepEqual(g.indicators, { attitude: 1, efficiency: 2 });
  assert.equal(g.rectification.state, 'verifying');
  assert.ok(!r.text.includes(PHONE) && !r.text.includes('rater'), 'the reply never carries the rater');
  assert.equal((await call(clerk, 'GET', '/api/v1/windows/1/evaluator')).json.ticket.rated, true);

  // The department sees the rating, not who gave it; another department sees nothing of it.
  const id = g.rectification.id;
  const mine = await call(scjg, 'GET', '/api/v1/rectifications?state=verifying');
  const x = mine.json.items.find((o) => o.id === id);
  assert.ok(x, 'in the department\'s workbench');
  assert.deepEqual([x.verify_due, x.overdue, x.department.id], ['2026-11-26', false, SCJG], 'two working days to verify');
  assert.ok(!mine.text.includes(PHONE));
  isError(await call(rs, 'GET', `/api/v1/rectifications/${id}`), 403, 'FORBIDDEN_SCOPE');
  isError(await unchanged(srv.base, admin, () => call(rs, 'POST', `/api/v1/rectifications/${id}/verify`, { finding: '不是我们的' })),
    403, 'FORBIDDEN_SCOPE');
  assert.ok(!(await call(rs, 'GET', '/api/v1/rectifications?page_size=200')).json.items.some((o) => o.id === id));

  let s = await call(scjg, 'POST', `/api/v1/rectifications/${id}/verify`, { finding: '经调取录像核实，情况属实。' });
  assert.equal(s.status, 200, s.text);
  assert.deepEqual([s.json.state, s.json.finding], ['rectifying', '经调取录像核实，情况属实。']);
  isError(await unchanged(srv.base, admin, () => call(scjg, 'POST', `/api/v1/rectifications/${id}/plan`, { mode: 'deadline', due_date: '2026-11-20' })),
    422, 'RECTIFY_DUE_DATE', 'due_date');
  s = await call(scjg, 'POST', `/api/v1/rectifications/${id}/plan`, { mode: 'deadline', due_date: '2026-12-01', measures: '高峰时段增开窗口' });
  assert.equal(s.status, 200, s.text);
  assert.deepEqual([s.json.state, s.json.mode, s.json.due_date], ['rectifying', 'deadline', '2026-12-01']);
  // Closing an order before the callback.
  isError(await unchanged(srv.base, admin, () => call(scjg, 'POST', `/api/v1/rectifications/${id}/close`, {})), 409, 'RECTIFY_CALLBACK_FIRST');
  s = await call(scjg, 'POST', `/api/v1/rectifications/${id}/complete`, { measures: '已增开 2 个窗口，等候降至 15 分钟内。' });
  assert.equal(s.json.state, 'awaiting_callback', s.text);
  isError(await unchanged(srv.base, admin, () => call(scjg, 'POST', `/api/v1/rectifications/${id}/close`, {})), 409, 'RECTIFY_CALLBACK_FIRST');
  isError(await unchanged(srv.base, admin, () => call(sup, 'POST', `/api/v1/rectifications/${id}/close`)), 409, 'RECTIFY_CALLBACK_FIRST');
  // The callback is the supervisor's; the phone only because the rater agreed.
  isError(await call(scjg, 'POST', `/api/v1/rectifications/${id}/callback`, { reached: true, fixed: true, satisfied: true }), 403, 'FORBIDDEN_ROLE');
  isError(await call(scjg, 'GET', `/api/v1/rectifications/${id}/contact`), 403, 'FORBIDDEN_ROLE');
  const phone = await call(sup, 'GET', `/api/v1/rectifications/${id}/contact`);
  assert.deepEqual([phone.status, phone.json.phone], [200, PHONE]);
  const read = await call(admin, 'GET', `/api/v1/audit?entity=rating_rectification&entity_id=${id}&action=read_contact`);
  assert.equal(read.json.total, 1, 'the read of the phone is audited');
  isError(await unchanged(srv.base, admin, () => call(sup, 'POST', `/api/v1/rectifications/${id}/callback`, { reached: true, fixed: true })),
    400, 'MISSING_FIELD', 'satisfied');
  s = await call(sup, 'POST', `/api/v1/rectifications/${id}/callback`, { reached: true, fixed: true, satisfied: true, note: '群众表示满意' });
  assert.equal(s.status, 200, s.text);
  assert.deepEqual([s.json.state, s.json.callback.fixed, s.json.callback.satisfied], ['awaiting_callback', true, true]);
  s = await call(scjg, 'POST', `/api/v1/rectifications/${id}/close`, {});
  assert.equal(s.status, 200, s.text);
  assert.deepEqual([s.json.state, s.json.outcome], ['closed', 'rectified']);
  const done = await call(admin, 'GET', `/api/v1/rectifications/${id}`);
  assert.deepEqual([done.json.verified_by, done.json.callback.by, done.json.closed_by], [scjg.user.name, sup.user.name, scjg.user.name],
    'who took each step');
  isError(await unchanged(srv.base, admin, () => call(sup, 'POST', `/api/v1/rectifications/${id}/close`, {})), 409, 'RECTIFY_BAD_STATE');
  const steps = await call(admin, 'GET', `/api/v1/audit?entity=rating_rectification&entity_id=${id}&page_size=20`);
  assert.deepEqual(steps.json.items.map((a) => a.action).reverse(), ['verify', 'plan', 'complete', 'read_contact', 'callback', 'close']);

  // The figures of the day, by department and by staff.
  const byDept = group(await figures(sup, `by=department&${DAY}`), SCJG);
  assert.deepEqual([byDept.rated, byDept.bad, byDept.replied, byDept.fixed, byDept.satisfied, byDept.closed],
    [1, 1, 1, 1, 1, 1]);
  assert.deepEqual([byDept.good_pct, byDept.reply_pct, byDept.callback_rectify_pct, byDept.rectify_satisfaction_pct,
    byDept.rectified_pct, byDept.avg_score], [0, 100, 100, 100, 100, 0]);
  const byStaff = group(await figures(mgr, `by=staff&${DAY}`), clerk.user.id);
  assert.ok(byStaff.finished >= 1 && byStaff.bad >= 1, JSON.stringify(byStaff));

  // The rater follows it by the ticket's token.
  const mineView = await request(srv.base, 'GET', `/api/v1/tickets/${t.token}/rating`);
  assert.deepEqual([mineView.json.rated, mineView.json.rateable, mineView.json.rectification_outcome], [true, false, 'rectified']);
});

test('an appeal with evidence, upheld: the review stays on record and leaves the figures', async () => {
  const t = await served(srv.base, clerk, 2, { item_id: itemScjg });
  const r = await request(srv.base, 'POST', `/api/v1/tickets/${t.token}/rating`, { body: { level: 'unsatisfied', tags: ['other'] } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.source, 'qr');
  const id = r.json.rectification.id;
  const before = group(await figures(scjg, `by=department&${DAY}`), SCJG);
  // An appeal without evidence.
  isError(await unchanged(srv.base, admin, () => call(scjg, 'POST', `/api/v1/rectifications/${id}/appeal`, { reason: '恶意差评' })),
    422, 'APPEAL_EVIDENCE_REQUIRED', 'evidence');
  isError(await unchanged(srv.base, admin, () => call(scjg, 'POST', `/api/v1/rectifications/${id}/appeal`, { reason: '恶意差评', evidence: '   ' })),
    422, 'APPEAL_EVIDENCE_REQUIRED', 'evidence');
  isError(await unchanged(srv.base, admin, () => call(rs, 'POST', `/api/v1/rectifications/${id}/appeal`, { reason: 'x', evidence: 'y' })),
    403, 'FORBIDDEN_SCOPE');
  const a = await call(scjg, 'POST', `/api/v1/rectifications/${id}/appeal`, {
    reason: '评价人当天未在本窗口办理业务', evidence: '窗口录像与叫号记录显示该号由他人持有', attachment: 'evidence/2026-11-24.mp4',
  });
  assert.equal(a.status, 201, a.text);
  assert.deepEqual([a.json.state, a.json.attachment], ['pending', 'evidence/2026-11-24.mp4']);
  isError(await unchanged(srv.base, admin, () => call(scjg, 'POST', `/api/v1/rectifications/${id}/appeal`, { reason: '再次申诉', evidence: '同上' })),
    409, 'APPEAL_ONCE');
  isError(await call(scjg, 'POST', `/api/v1/rating-appeals/${a.json.id}/decide`, { uphold: true, reason: 'x' }), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(srv.base, admin, () => call(sup, 'POST', `/api/v1/rating-appeals/${a.json.id}/decide`, { uphold: true })),
    400, 'MISSING_FIELD', 'reason');
  const d = await call(sup, 'POST', `/api/v1/rating-appeals/${a.json.id}/decide`, { uphold: true, reason: '证据充分，系误评' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.state, 'upheld');
  isError(await unchanged(srv.base, admin, () => call(sup, 'POST', `/api/v1/rating-appeals/${a.json.id}/decide`, { uphold: false, reason: '改判' })),
    409, 'APPEAL_BAD_STATE');
  const kept = await call(admin, 'GET', `/api/v1/ratings/${r.json.id}`);
  assert.deepEqual([kept.json.excluded, kept.json.level, kept.json.rectification.state], [true, 'unsatisfied', 'closed']);
  const order = await call(scjg, 'GET', `/api/v1/rectifications/${id}`);
  assert.deepEqual([order.json.outcome, order.json.appeal.state], ['appeal_upheld', 'upheld']);
  const after = group(await figures(scjg, `by=department&${DAY}`), SCJG);
  assert.deepEqual([after.rated, after.bad, after.excluded], [before.rated - 1, before.bad - 1, before.excluded + 1]);
  // The public disclosure shows the rectified review, not the excluded one.
  const pub = await request(srv.base, 'GET', `/api/v1/public/bad-reviews?${DAY}`);
  assert.equal(pub.status, 200, pub.text);
  assert.ok(!pub.json.items.some((b) => b.id === r.json.id), 'an upheld appeal removes it from the disclosure');
  const shown = pub.json.items.find((b) => b.state === 'closed');
  assert.ok(shown, pub.text);
  assert.equal(shown.department, '河源市源城区市场监督管理局');
  assert.ok(shown.item && shown.reasons.includes('服务态度差') && shown.mode === 'deadline' && shown.satisfied === true);
  for (const secret of [PHONE, clerk.user.name, '"staff"', '"window"', 'token'])
    assert.ok(!pub.text.includes(secret), `the disclosure must not show ${secret}`);
  const pf = await request(srv.base, 'GET', `/api/v1/public/rating-figures?by=department&${DAY}`);
  assert.equal(pf.status, 200, pf.text);
  assert.deepEqual(group(pf, SCJG), after, 'the public figures are the same numbers');
  const ph = await request(srv.base, 'GET', `/api/v1/public/rating-figures?by=hall&${DAY}`);
  assert.equal(group(ph, 1).bad, (await figures(admin, `by=hall&${DAY}`)).json.groups.find((g) => g.key === 1).bad);
  isError(await request(srv.base, 'GET', '/api/v1/public/rating-figures?by=staff'), 400, 'BAD_QUERY', 'by');
});

test('two supervisors decide one appeal at once: exactly one decision', async () => {
  const pending = (await call(sup, 'GET', '/api/v1/rating-appeals?state=pending')).json.items[0];
  assert.ok(pending, 'the demo\'s pending appeal');
  const sup2 = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  const rs2 = await Promise.all([sup, sup2, sup, sup2].map((who, i) =>
    call(who, 'POST', `/api/v1/rating-appeals/${pending.id}/decide`, { uphold: false, reason: `驳回 ${i}` })));
  assert.deepEqual(rs2.map((x) => x.status).sort(), [200, 409, 409, 409], rs2.map((x) => x.text).join('\n'));
  for (const x of rs2.filter((y) => y.status === 409)) isError(x, 409, 'APPEAL_BAD_STATE');
  const audit = await call(admin, 'GET', `/api/v1/audit?entity=rating_appeal&entity_id=${pending.id}&action=decide`);
  assert.equal(audit.json.total, 1);
});

test('bad input: each gets its registry error and changes nothing', async () => {
  const t = await served(srv.base, clerk, 3, { item_id: itemScjg });
  const rate = (body, token = t.token) => unchanged(srv.base, admin, () => request(srv.base, 'POST', `/api/v1/tickets/${token}/rating`, { body }));
  // Rating a service one did not receive: a ticket still waiting …
  const waiting = await request(srv.base, 'POST', '/api/v1/halls/1/tickets', { body: { item_id: itemScjg } });
  isError(await rate({ level: 'satisfied' }, waiting.json.token), 403, 'RATING_NOT_SERVED');
  isError(await rate({ level: 'satisfied' }, 'nosuchtoken'), 404, 'NOT_FOUND');
  // … someone else's ticket, as a logged-in citizen …
  const cit = await citizen(srv.base, '13800000103');
  isError(await unchanged(srv.base, admin, () => call(cit, 'POST', '/api/v1/ratings', { subject_kind: 'ticket', subject_id: String(t.id), level: 'satisfied' })),
    403, 'RATING_NOT_SERVED');
  // … on the evaluator, a ticket other than the one just finished, or another clerk's service.
  isError(await unchanged(srv.base, admin, () => call(clerk, 'POST', '/api/v1/windows/3/rating', { ticket_id: t.id + 99999, level: 'satisfied' })),
    403, 'RATING_NOT_SERVED', 'ticket_id');
  isError(await unchanged(srv.base, admin, () => call(clerk2, 'POST', '/api/v1/windows/3/rating', { level: 'satisfied' })), 403, 'RATING_NOT_SERVED');
  isError(await unchanged(srv.base, admin, () => call(clerk3, 'POST', '/api/v1/windows/3/rating', { level: 'satisfied' })), 403, 'FORBIDDEN_SCOPE');
  isError(await unchanged(srv.base, admin, () => call(clerk, 'POST', '/api/v1/windows/9999/rating', { level: 'satisfied' })), 404, 'NOT_FOUND');
  // A bad review with no reason tag; an unknown level.
  isError(await rate({ level: 'unsatisfied' }), 422, 'RATING_TAG_REQUIRED', 'tags');
  isError(await rate({ level: 'very_unsatisfied', tags: [] }), 422, 'RATING_TAG_REQUIRED', 'tags');
  isError(await rate({ level: 'excellent' }), 400, 'RATING_BAD_LEVEL', 'level');
  isError(await rate({ level: 4 }), 400, 'BAD_TYPE', 'level');
  isError(await rate({}), 400, 'MISSING_FIELD', 'level');
  // Tags, indicators and text that do not fit.
  isError(await rate({ level: 'satisfied', tags: ['attitude'] }), 400, 'BAD_FORMAT', 'tags');
  isError(await rate({ level: 'unsatisfied', tags: ['no_such_reason'] }), 400, 'BAD_ENUM', 'tags');
  isError(await rate({ level: 'unsatisfied', tags: ['attitude', 'attitude'] }), 400, 'BAD_FORMAT', 'tags');
  isError(await rate({ level: 'unsatisfied', tags: 'attitude' }), 400, 'BAD_TYPE', 'tags');
  isError(await rate({ level: 'satisfied', indicators: { guide: 5 } }), 400, 'BAD_ENUM', 'indicators');
  isError(await rate({ level: 'satisfied', indicators: { attitude: 9 } }), 400, 'OUT_OF_RANGE', 'indicators');
  isError(await rate({ level: 'satisfied', indicators: [5] }), 400, 'BAD_TYPE', 'indicators');
  isError(await rate({ level: 'satisfied', comment: '很'.repeat(501) }), 400, 'TOO_LONG', 'comment');
  isError(await rate({ level: 'satisfied', callback_consent: true }), 400, 'MISSING_FIELD', 'phone');
  isError(await rate({ level: 'satisfied', callback_consent: true, phone: '12345' }), 400, 'INVALID_PHONE', 'phone');
  isError(await rate({ level: 'satisfied', stars: 5 }), 400, 'UNKNOWN_FIELD', 'stars');
  // Someone else's case or order, and no kind at all.
  for (const kind of ['case', 'hotline'])
    isError(await unchanged(srv.base, admin, () => call(cit, 'POST', '/api/v1/ratings', { subject_kind: kind, subject_id: '1', level: 'satisfied' })),
      403, 'RATING_NOT_SERVED', 'subject_id');
  isError(await unchanged(srv.base, admin, () => call(cit, 'POST', '/api/v1/ratings', { subject_kind: 'parcel', subject_id: '1', level: 'satisfied' })),
    400, 'BAD_ENUM', 'subject_kind');
  // Rating twice: once is fine, the second time changes nothing.
  const ok = await request(srv.base, 'POST', `/api/v1/tickets/${t.token}/rating`, { body: { level: 'satisfied', comment: '很快' } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.rectification, null, 'a good rating opens no order');
  isError(await rate({ level: 'very_satisfied' }), 409, 'RATING_TWICE');
  isError(await unchanged(srv.base, admin, () => call(clerk, 'POST', '/api/v1/windows/3/rating', { ticket_id: t.id, level: 'very_satisfied' })),
    409, 'RATING_TWICE');
  // One addition, then no more.
  const add = (text) => unchanged(srv.base, admin, () => request(srv.base, 'POST', `/api/v1/tickets/${t.token}/rating/addition`, { body: { text } }));
  isError(await add(''), 400, 'BAD_FORMAT', 'text');
  const a1 = await request(srv.base, 'POST', `/api/v1/tickets/${t.token}/rating/addition`, { body: { text: '回家后发现证件已寄到，点赞' } });
  assert.equal(a1.status, 200, a1.text);
  assert.equal(a1.json.addition, '回家后发现证件已寄到，点赞');
  isError(await add('再追评一次'), 409, 'RATING_ADDITION_ONCE', 'text');
});

test('twenty ratings of one ticket at once: exactly one is recorded', async () => {
  const t = await served(srv.base, clerk, 4, { item_id: itemScjg });
  const before = (await figures(admin, `by=all&${DAY}`)).json.total;
  const levels = ['very_satisfied', 'satisfied', 'basic'];
  const rs20 = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    request(srv.base, 'POST', `/api/v1/tickets/${t.token}/rating`, { body: { level: levels[i % 3] } })));
  assert.equal(rs20.filter((x) => x.status === 201).length, 1, rs20.map((x) => x.status).join(','));
  for (const x of rs20.filter((y) => y.status !== 201)) isError(x, 409, 'RATING_TWICE');
  const after = (await figures(admin, `by=all&${DAY}`)).json.total;
  assert.equal(after.rated, before.rated + 1);
  assert.equal(after.active, before.active + 1);
  const audit = await call(admin, 'GET', '/api/v1/audit?entity=rating&action=rate&page_size=50');
  assert.equal(audit.json.items.filter((a) => JSON.parse(a.summary).subject === `ticket:${t.id}`).length, 1);
});

test('scopes: each reader sees its hall, department or region; others get FORBIDDEN_SCOPE', async () => {
  const dept = await call(scjg, 'GET', `/api/v1/ratings?${DAY}&page_size=200`);
  assert.ok(dept.json.items.length > 0 && dept.json.items.every((g) => g.department?.id === SCJG));
  isError(await call(scjg, 'GET', `/api/v1/ratings?${DAY}&department_id=4`), 403, 'FORBIDDEN_SCOPE', 'department_id');
  const other = (await call(rs, 'GET', `/api/v1/ratings?${DAY}&bad=1`)).json;
  assert.ok(other.items.every((g) => g.department?.id === 4));
  const one = dept.json.items[0];
  isError(await call(rs, 'GET', `/api/v1/ratings/${one.id}`), 403, 'FORBIDDEN_SCOPE');
  assert.equal((await call(mgr, 'GET', `/api/v1/ratings/${one.id}`)).status, 200, 'the hall manager of its hall');
  isError(await figures(mgr, `by=department&${DAY}`), 403, 'FORBIDDEN_SCOPE', 'by');
  isError(await figures(scjg, `by=hall&${DAY}`), 403, 'FORBIDDEN_SCOPE', 'by');
  const mine = await figures(scjg, `by=department&${DAY}`);
  assert.deepEqual(mine.json.groups.map((g) => g.key), [SCJG]);
  const halls = await figures(mgr, `by=window&${DAY}`);
  assert.equal(halls.status, 200, halls.text);
  assert.ok(halls.json.groups.every((g) => g.label.startsWith('源城区政务服务中心')));
  isError(await call(clerk3, 'GET', '/api/v1/windows/1/evaluator'), 403, 'FORBIDDEN_SCOPE');
  isError(await call(clerk, 'GET', '/api/v1/rating-figures?by=all'), 403, 'FORBIDDEN_ROLE');
  isError(await request(srv.base, 'GET', '/api/v1/ratings'), 401, 'UNAUTHENTICATED');
  isError(await figures(sup, 'by=nothing'), 400, 'BAD_QUERY', 'by');
  isError(await figures(sup, 'by=all&from=2026-12-01&to=2026-11-01'), 400, 'BAD_QUERY', 'from');
  isError(await figures(sup, 'by=all&weeks=2'), 400, 'BAD_QUERY', 'weeks');
});

test('online services and a citizen\'s own ticket, rated from the account', async () => {
  const cit = await citizen(srv.base, PHONE);
  const items = await request(srv.base, 'GET', '/api/v1/items?department_id=4&online_depth=4&page_size=50');
  let online;
  for (const it of items.json.items) {
    const full = await request(srv.base, 'GET', `/api/v1/items/${it.id}`);
    if ((full.json.handling_forms || []).includes('online')) { online = it.id; break; }
  }
  assert.ok(online, 'an online item of 人社局');
  const r = await call(cit, 'POST', '/api/v1/ratings', {
    subject_kind: 'online', subject_id: online, level: 'satisfied', indicators: { guide: 5, timeliness: 4 },
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.channel, r.json.department.id, r.json.item.id, r.json.hall, r.json.subject.kind], ['online', 4, online, null, 'online']);
  assert.equal(r.json.subject.id, undefined, 'the subject id of an online rating is not shown');
  isError(await unchanged(srv.base, admin, () => call(cit, 'POST', '/api/v1/ratings', { subject_kind: 'online', subject_id: online, level: 'basic' })),
    409, 'RATING_TWICE');
  isError(await unchanged(srv.base, admin, () => call(cit, 'POST', '/api/v1/ratings', { subject_kind: 'online', subject_id: online, level: 'basic', indicators: { attitude: 3 } })),
    400, 'BAD_ENUM', 'indicators');
  isError(await unchanged(srv.base, admin, () => call(cit, 'POST', '/api/v1/ratings', { subject_kind: 'online', subject_id: 999999, level: 'basic' })),
    404, 'NOT_FOUND', 'subject_id');
  // The citizen's own ticket: taken with their phone.
  const t = await served(srv.base, clerk, 5, { item_id: itemScjg, phone: PHONE });
  const own = await call(cit, 'POST', '/api/v1/ratings', { subject_kind: 'ticket', subject_id: t.id, level: 'very_satisfied' });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.source, 'web');
  const mine = await call(cit, 'GET', '/api/v1/ratings/mine');
  const ids = mine.json.items.map((g) => g.id);
  assert.ok(ids.includes(r.json.id) && ids.includes(own.json.id), mine.text);
  assert.ok(mine.json.items.every((g) => g.id === r.json.id || g.subject.kind === 'ticket'));
  const add = await call(cit, 'POST', `/api/v1/ratings/${r.json.id}/addition`, { text: '第二天就收到了结果' });
  assert.equal(add.status, 200, add.text);
  const other = await citizen(srv.base, '13800000101');
  isError(await unchanged(srv.base, admin, () => call(other, 'POST', `/api/v1/ratings/${own.json.id}/addition`, { text: '不是我的' })), 404, 'NOT_FOUND');
  const online4 = group(await figures(admin, `by=channel&${DAY}`), 2);
  assert.ok(online4.rated >= 1 && online4.finished === 0 && online4.coverage_pct === null, JSON.stringify(online4));
});

test('一事一评: a finished case and a closed 12345 order, rated by the applicant and the caller, counted in coverage', async () => {
  const by = async (ch) => group(await figures(admin, `by=channel&${DAY}`), ch) ?? { finished: 0, rated: 0, covered: 0 };
  const [case0, hot0] = [await by(3), await by(4)];
  const dept0 = group(await figures(admin, `by=department&${DAY}`), SCJG) ?? { finished: 0 };
  // A 即办件 of 市场监管局 taken in and handed over at window 1: the case ends.
  const applicant = person(9301);
  const it = await item(srv.base, ITEMS.SOLE_TRADER);
  const k = await call(clerk, 'POST', '/api/v1/cases', { item_id: it.id, window_id: 1, applicant, materials: checklist(it) });
  assert.equal(k.status, 201, k.text);
  assert.equal(k.json.state, 'delivered');
  // A case still running cannot be rated yet.
  const food = await item(srv.base, ITEMS.FOOD);
  const running = await call(clerk, 'POST', '/api/v1/cases', { item_id: food.id, window_id: 1, applicant, materials: checklist(food) });
  assert.equal(running.status, 201, running.text);
  assert.equal(running.json.state, 'in_progress');
  const case1 = await by(3);
  assert.equal(case1.finished, case0.finished + 1, 'the finished case counts once');
  assert.equal(group(await figures(admin, `by=department&${DAY}`), SCJG).finished, dept0.finished + 1);

  const me = await citizen(srv.base, applicant.phone);
  const stranger = await citizen(srv.base, '13800000109');
  const rate = (who, kind, id, body = { level: 'satisfied' }) =>
    call(who, 'POST', '/api/v1/ratings', { subject_kind: kind, subject_id: id, ...body });
  isError(await unchanged(srv.base, admin, () => rate(stranger, 'case', k.json.id)), 403, 'RATING_NOT_SERVED', 'subject_id');
  isError(await unchanged(srv.base, admin, () => rate(me, 'case', running.json.id)), 403, 'RATING_NOT_SERVED', 'subject_id');
  isError(await unchanged(srv.base, admin, () => rate(me, 'case', 99999999)), 404, 'NOT_FOUND', 'subject_id');
  isError(await unchanged(srv.base, admin, () => call(clerk, 'POST', '/api/v1/ratings', { subject_kind: 'case', subject_id: k.json.id, level: 'satisfied' })),
    403, 'FORBIDDEN_ROLE');
  isError(await unchanged(srv.base, admin, () => rate(me, 'case', k.json.id, { level: 'unsatisfied' })), 422, 'RATING_TAG_REQUIRED');
  const r = await rate(me, 'case', k.json.id, { level: 'very_satisfied', indicators: { environment: 5, efficiency: 5 } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.channel, r.json.subject.kind, r.json.subject.label, r.json.department.id, r.json.item.id, r.json.hall.id, r.json.window.number],
    ['case', 'case', k.json.case_no, SCJG, it.id, 1, 1]);
  isError(await unchanged(srv.base, admin, () => rate(me, 'case', k.json.id)), 409, 'RATING_TWICE');
  const case2 = await by(3);
  assert.deepEqual([case2.finished, case2.rated, case2.covered], [case1.finished, case1.rated + 1, case1.covered + 1]);
  assert.equal(case2.coverage_pct, Math.round(case2.covered * 10000 / case2.finished) / 100);
  assert.ok((await call(me, 'GET', '/api/v1/ratings/mine')).json.items.some((g) => g.id === r.json.id));

  // A 12345 order answered directly (直办) closes at once; its caller rates it.
  const agent = await login(srv.base, 'agent01', DEMO_PASSWORD);
  const K = await categories(srv.base, agent);
  const leaf = Object.values(K).find((n) => n.children.length === 0);
  const o = await take(srv.base, agent, { channel: 'phone', type: 'consult', caller_name: '申先生', caller_phone: applicant.phone,
    category_id: leaf.id, region_code: '441602002001', description: '个体户营业执照怎么办理？' });
  isError(await unchanged(srv.base, admin, () => rate(me, 'hotline', o.id)), 403, 'RATING_NOT_SERVED', 'subject_id');
  const closed = await step(srv.base, agent, o.id, 'answer', { answer: '可在粤商通网上办理，或到政务服务中心市场监管窗口当场办结。' });
  assert.equal(closed.status, 200, closed.text);
  isError(await unchanged(srv.base, admin, () => rate(stranger, 'hotline', o.id)), 403, 'RATING_NOT_SERVED', 'subject_id');
  const h = await rate(me, 'hotline', o.id, { level: 'unsatisfied', tags: ['not_solved'], comment: '答复太笼统' });
  assert.equal(h.status, 201, h.text);
  assert.deepEqual([h.json.channel, h.json.subject.label, h.json.hall], ['hotline', o.order_no, null]);
  assert.ok(h.json.rectification?.id, 'a bad review of an order opens a rectification order');
  const hot1 = await by(4);
  assert.deepEqual([hot1.finished, hot1.rated, hot1.bad], [hot0.finished + 1, hot0.rated + 1, (hot0.bad ?? 0) + 1]);
});

test('exports: CSV with a BOM and the figures, and .xlsx', async () => {
  const csv = await figures(admin, `by=department&${DAY}&format=csv`);
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.ok(csv.text.startsWith('\uFEFF分组,办件数,评价数,评价覆盖率(%)'), csv.text.slice(0, 80));
  assert.ok(csv.text.includes('河源市源城区市场监督管理局') && csv.text.includes('合计'));
  assert.match(csv.headers['content-disposition'], /rating-figures-department-2026-11-24-2026-11-24\.csv/);
  const x = await request(srv.base, 'GET', `/api/v1/rating-figures?by=hall&${DAY}&format=xlsx`, { token: admin.token });
  assert.equal(x.status, 200);
  assert.match(x.headers['content-type'], /spreadsheetml/);
  assert.ok(x.text.startsWith('PK'), 'an .xlsx is a zip file');
});

test('settings: level scores, tags, indicators and a region\'s verification deadline (admin only)', async () => {
  isError(await call(sup, 'PUT', '/api/v1/rating-config/levels/4', { score: 2 }), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(srv.base, admin, () => call(admin, 'PUT', '/api/v1/rating-config/levels/4', { score: 101 })), 400, 'OUT_OF_RANGE', 'score');
  isError(await unchanged(srv.base, admin, () => call(admin, 'PUT', '/api/v1/rating-config/levels/9', { score: 1 })), 404, 'NOT_FOUND', 'level');
  let c = await call(admin, 'PUT', '/api/v1/rating-config/levels/4', { score: 2, label: '不太满意' });
  assert.equal(c.status, 200, c.text);
  assert.deepEqual([c.json.levels[3].score, c.json.levels[3].label], [2, '不太满意']);
  const tag = await call(admin, 'POST', '/api/v1/rating-config/tags', { code: 'no_parking', label: '停车难' });
  assert.equal(tag.status, 201, tag.text);
  isError(await unchanged(srv.base, admin, () => call(admin, 'POST', '/api/v1/rating-config/tags', { code: 'no_parking', label: '重复' })), 409, 'DUPLICATE', 'code');
  isError(await unchanged(srv.base, admin, () => call(admin, 'POST', '/api/v1/rating-config/tags', { code: 'Bad Code', label: 'x' })), 400, 'BAD_FORMAT', 'code');
  const ind = await call(admin, 'POST', '/api/v1/rating-config/indicators', { channel: 'offline', code: 'signage', label: '导办标识' });
  assert.equal(ind.status, 201, ind.text);
  isError(await call(admin, 'POST', '/api/v1/rating-config/indicators', { channel: 'phone', code: 'x', label: 'x' }), 400, 'BAD_ENUM', 'channel');
  // A region's own deadline: 5 working days in 源城区.
  const district = (await request(srv.base, 'GET', '/api/v1/halls/1', { token: admin.token })).json.region_id;
  c = await call(admin, 'PUT', `/api/v1/rating-config/regions/${district}`, { verify_days: 5 });
  assert.equal(c.status, 200, c.text);
  const t = await served(srv.base, clerk, 6, { item_id: itemScjg });
  const r = await request(srv.base, 'POST', `/api/v1/tickets/${t.token}/rating`, {
    body: { level: 'unsatisfied', tags: ['no_parking'], indicators: { signage: 2 } } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.score, 2, 'the score of the level when rated');
  const order = await call(scjg, 'GET', `/api/v1/rectifications/${r.json.rectification.id}`);
  assert.equal(order.json.verify_due, '2026-12-01', '5 working days after 2026-11-24');
  // Retired options are no longer offered or taken.
  await call(admin, 'PUT', `/api/v1/rating-config/tags/${tag.json.id}`, { active: false });
  const o = await request(srv.base, 'GET', '/api/v1/rating-options');
  assert.ok(!o.json.tags.some((x) => x.code === 'no_parking'));
  const t2 = await served(srv.base, clerk, 6, { item_id: itemScjg });
  isError(await unchanged(srv.base, admin, () => request(srv.base, 'POST', `/api/v1/tickets/${t2.token}/rating`, { body: { level: 'unsatisfied', tags: ['no_parking'] } })),
    400, 'BAD_ENUM', 'tags');
  // Back to the defaults for the other tests.
  await call(admin, 'PUT', '/api/v1/rating-config/levels/4', { score: 3, label: '不满意' });
  await call(admin, 'PUT', `/api/v1/rating-config/regions/${district}`, { verify_days: 0 });
  const cfg = await call(admin, 'GET', '/api/v1/rating-config');
  assert.deepEqual([cfg.json.settings.verify_days, cfg.json.settings.default_days, cfg.json.settings.regions.length], [2, 7, 0]);
  const audit = await call(admin, 'GET', '/api/v1/audit?entity=rating_level');
  assert.ok(audit.json.total >= 2);
});

test('the seeds\' 2023 example from the fixture: 58,072 services, 56,547 ratings, 97.37%, 99.99%, 5 bad, all rectified', async () => {
  const out = yiwang(['ratings', 'fixture', '--store', srv.store.url]);
  assert.match(out, /58072 services, 56547 ratings \(5 bad\)/);
  const f = await figures(sup, 'by=all&from=2023-01-01&to=2023-12-31');
  assert.equal(f.status, 200, f.text);
  const y = f.json.total;
  assert.deepEqual([y.finished, y.rated, y.coverage_pct, y.good, y.good_pct, y.bad], [58072, 56547, 97.37, 56542, 99.99, 5]);
  assert.deepEqual([y.reply_pct, y.callback_rectify_pct, y.rectify_satisfaction_pct, y.rectified_pct], [100, 100, 100, 100]);
  // Every dimension adds up to the same year.
  for (const by of ['department', 'hall', 'window', 'item', 'channel']) {
    const g = (await figures(admin, `by=${by}&from=2023-01-01&to=2023-12-31`)).json.groups;
    assert.equal(g.reduce((s, x) => s + x.rated, 0), 56547, by);
    assert.equal(g.reduce((s, x) => s + x.finished, 0), 58072, by);
  }
  // Periods cut anywhere (whole months are read from the month rows, the
  // days around them from the day rows) add up to the year.
  const part = async (from, to) => (await figures(admin, `by=all&from=${from}&to=${to}`)).json.total;
  const pieces = [['2023-01-01', '2023-01-14'], ['2023-01-15', '2023-03-31'], ['2023-04-01', '2023-04-01'],
    ['2023-04-02', '2023-11-20'], ['2023-11-21', '2023-12-30'], ['2023-12-31', '2023-12-31']];
  let rated = 0, finished = 0;
  for (const [from, to] of pieces) { const p = await part(from, to); rated += p.rated; finished += p.finished; }
  assert.deepEqual([rated, finished], [56547, 58072]);
  const pub = await request(srv.base, 'GET', '/api/v1/public/rating-figures?by=department&from=2023-01-01&to=2023-12-31');
  assert.deepEqual([pub.json.total.rated, pub.json.total.bad, pub.json.total.rectified_pct], [56547, 5, 100]);
  const bad = await request(srv.base, 'GET', '/api/v1/public/bad-reviews?from=2023-01-01&to=2023-12-31');
  assert.equal(bad.json.total, 5);
  assert.ok(bad.json.items.every((b) => b.state === 'closed' && b.outcome === 'rectified'));
  // A year is written once.
  assert.throws(() => yiwang(['ratings', 'fixture', '--store', srv.store.url]), /DUPLICATE/);
});

// No rating within 7 natural days: on the 8th day after the service the
// default 基本满意 is recorded as 未主动评价 (at server start, and by the CLI).
test('the default rating after the period, across restarts with the test clock', async () => {
  let day = await startServer({ env: { YIWANG_TEST_CLOCK: String(TUESDAY_10) } });
  try {
    const c = await login(day.base, 'clerk01', DEMO_PASSWORD);
    const qa = (await request(day.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues.find((q) => q.code === 'A').id;
    const t = await served(day.base, c, 1, { queue_id: qa });
    const unrated = await served(day.base, c, 2, { queue_id: qa });
    assert.equal((await request(day.base, 'GET', `/api/v1/tickets/${t.token}/rating`)).json.rateable, true);
    await day.stop({ keep: true });
    // Seven days on: still open to the rater, no default yet.
    day = await startServer({ restart: day, env: { YIWANG_TEST_CLOCK: String(TUESDAY_10 + 7 * 86400000) } });
    let v = await request(day.base, 'GET', `/api/v1/tickets/${t.token}/rating`);
    assert.deepEqual([v.json.rated, v.json.rateable], [false, true]);
    const rated = await request(day.base, 'POST', `/api/v1/tickets/${unrated.token}/rating`, { body: { level: 'very_satisfied' } });
    assert.equal(rated.status, 201, 'rated on the seventh day');
    await day.stop({ keep: true });
    day = await startServer({ restart: day, env: { YIWANG_TEST_CLOCK: String(TUESDAY_10 + 8 * 86400000) } });
    v = await request(day.base, 'GET', `/api/v1/tickets/${t.token}/rating`);
    assert.deepEqual([v.json.rated, v.json.rateable, v.json.rating.level, v.json.rating.active, v.json.rating.source],
      [true, false, 'basic', false, 'default']);
    const other = await request(day.base, 'GET', `/api/v1/tickets/${unrated.token}/rating`);
    assert.deepEqual([other.json.rating.level, other.json.rating.active], ['very_satisfied', true], 'an active rating is kept');
    isError(await request(day.base, 'POST', `/api/v1/tickets/${t.token}/rating`, { body: { level: 'satisfied' } }), 409, 'RATING_PERIOD_OVER');
    const a = await login(day.base, ADMIN.username, ADMIN.password);
    const f = (await request(day.base, 'GET', `/api/v1/rating-figures?by=all&${DAY}`, { token: a.token })).json.total;
    assert.equal(f.finished, f.rated, 'every finished service of the day is rated now');
    assert.ok(f.default >= 1 && f.active >= 1);
    assert.equal(f.unrated_pct, Math.round(f.default * 10000 / f.rated) / 100);
    const audit = await request(day.base, 'GET', '/api/v1/audit?entity=rating&action=default_rate&page_size=50', { token: a.token });
    assert.ok(audit.json.items.some((x) => JSON.parse(x.summary).day === TODAY));
    // Nothing left for the CLI.
    assert.match(yiwang(['ratings', 'sweep', '--store', day.store.url], { env: { ...process.env, YIWANG_TEST_CLOCK: String(TUESDAY_10 + 8 * 86400000) } }),
      /0 default rating\(s\) recorded/);
  } finally { await day.stop(); }
});
