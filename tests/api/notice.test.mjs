// PDF notices through `yiwang notice-sample`: every kind is rendered and
// read back with poppler's pdftotext and pdfinfo (scripts/install-deps.sh
// installs poppler-utils for the tests): the title, case number, agency, a
// material, the page footer and the tracking address are in the text; the
// document is A4 with its metadata; a 60-row table breaks across pages with
// its header repeated and loses no row; bad arguments are refused.
// The renderer reads no store, so this file is the same on both stores.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './harness.mjs';

const CASE_NO = '4416022026042800017';
const URL = `http://127.0.0.1:8080/progress?case=${CASE_NO}`;
// kind → what its sample must show: title, issuing agency, one material.
const KINDS = {
  accept: ['受理通知书', '河源市源城区政务服务中心', '食品经营许可申请书'],
  supplement: ['一次性告知书', '河源市源城区政务服务中心', '经营场所平面图及设备布局图'],
  tolerant: ['容缺受理承诺书', '河源市源城区政务服务中心', '食品安全管理制度'],
  refuse: ['不予受理通知书', '河源市源城区政务服务中心', '储存设施安全评价报告'],
  extension: ['延期通知书', '河源市源城区市场监督管理局', '经营场所平面图及设备布局图'],
  finish: ['办结通知书', '河源市源城区市场监督管理局', '食品经营许可证（正本）'],
  service: ['送达回证', '河源市源城区政务服务中心', '准予行政许可决定书'],
};

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'ywnotice-')); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

const run = (args) => spawnSync(BIN, ['notice-sample', ...args], { encoding: 'utf8' });
// pdftotext breaks lines and may space characters; compare without blanks.
const squash = (s) => s.replace(/\s+/g, '');
const pagesOf = (text) => text.split('\f').filter((p) => p.trim() !== '');

function render(kind, extra = []) {
  const out = join(dir, `${kind}-${extra.join('_').replace(/\W/g, '')}.pdf`);
  const r = run(['--kind', kind, '--out', out, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  return { out, info, text, pages };
}

test('the poppler tools the test reads PDFs with are installed', () => {
  for (const tool of ['pdftotext', 'pdfinfo']) {
    const r = spawnSync(tool, ['-v'], { encoding: 'utf8' });
    assert.ifError(r.error); // ENOENT: run scripts/install-deps.sh test
    assert.match(r.stdout + r.stderr, new RegExp(`${tool} version`));
  }
});

for (const [kind, [title, agency, material]] of Object.entries(KINDS)) {
  test(`${kind}: ${title} carries its title, number, agency, materials, footer and tracking address`, () => {
    const { info, text, pages } = render(kind);
    const flat = squash(text);
    assert.ok(flat.includes(title), `title ${title}`);
    assert.ok(flat.includes(`办件编号：${CASE_NO}`), 'case number');
    assert.ok(flat.includes(agency), `agency ${agency}`);
    assert.ok(flat.includes(material), `material ${material}`);
    assert.ok(flat.includes(URL), 'tracking URL under the QR code');
    assert.ok(flat.includes('扫码查询办理进度'));
    // Every page says which of how many it is.
    const each = pagesOf(text);
    assert.equal(each.length, pages);
    each.forEach((p, i) => assert.ok(squash(p).includes(`第${i + 1}页共${pages}页`), `footer of page ${i + 1}`));
    // A4 portrait with the metadata set.
    assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    assert.match(info, /^Creator:\s+yiwang$/m);
    assert.match(info, new RegExp(`^Title:\\s+${title} ${CASE_NO}$`, 'm'));
    // Personal data arrives masked and is printed as it came.
    assert.ok(!flat.includes('13800000103'));
    if (['accept', 'supplement', 'tolerant', 'refuse'].includes(kind)) assert.ok(flat.includes('138****0103'));
  });
}

test('kind-specific wording of 行政许可法', () => {
  const flat = (k) => squash(render(k).text);
  assert.ok(flat('supplement').includes('一次性告知你单位需要补正的全部内容'));
  assert.ok(flat('supplement').includes('（补正材料通知书）'));
  const accept = flat('accept');
  assert.ok(accept.includes('法定办结时限为20个工作日') && accept.includes('承诺办结时限为5个工作日'));
  const refuse = flat('refuse');
  assert.ok(refuse.includes('不予受理') && refuse.includes('行政复议') && refuse.includes('行政诉讼'));
  assert.ok(refuse.includes('请你单位向河源市应急管理局提出申请'));
  assert.ok(flat('extension').includes('延长十个工作日'));
  assert.ok(flat('tolerant').includes('承诺人（签名或盖章）'));
  assert.ok(flat('service').includes('受送达人签名或盖章'));
});

test('a 60-row table breaks across pages, repeats its header and keeps every row', () => {
  const { text, pages } = render('supplement', ['--rows', '60']);
  assert.ok(pages >= 3, `${pages} pages`);
  const each = pagesOf(text).map(squash);
  // Every page with rows of the table starts them under the header row.
  const withRows = each.filter((p) => p.includes('份）'));
  assert.ok(withRows.length >= 3);
  withRows.forEach((p, i) => assert.ok(p.includes('序号') && p.includes('材料名称形式份数补正要求'), `table header on page ${i + 1}`));
  // Continuation pages say what they continue.
  each.slice(1).forEach((p) => assert.ok(p.includes('一次性告知书（续）') && p.includes(`办件编号：${CASE_NO}`)));
  const flat = each.join('');
  for (let r = 4; r <= 60; r++) {
    const copy = Math.floor((r - 1) / 3) + 1;
    assert.ok(flat.includes(`（第${copy}份）`), `row ${r}`);
  }
  // The 60th row: its number, then its name (pdftotext reads cell by cell).
  assert.ok(flat.includes('60法定代表人居民身份证（第20份）'));
});

test('--out - writes the PDF to standard output', () => {
  const r = spawnSync(BIN, ['notice-sample', '--kind', 'accept', '--out', '-'], { maxBuffer: 1 << 24 });
  assert.equal(r.status, 0);
  assert.equal(r.stdout.subarray(0, 5).toString(), '%PDF-');
});

test('--url replaces the tracking address', () => {
  const url = 'https://zwfw.example.org/p/ABC123';
  const { text } = render('finish', ['--url', url]);
  assert.ok(squash(text).includes(url));
  assert.ok(!squash(text).includes(URL));
});

test('bad arguments are refused with a reason and no file', () => {
  const out = join(dir, 'never.pdf');
  let r = run(['--kind', 'approve', '--out', out]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown kind “approve”; one of: accept, supplement, tolerant, refuse, extension, finish, service/);
  r = run(['--kind', 'accept']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--kind KIND --out FILE\.pdf/);
  r = run(['--kind', 'accept', '--out', out, '--rows', '0']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--rows must be 1–1000/);
  r = run(['--kind', 'accept', '--out', out, '--rows', '12x']);
  assert.equal(r.status, 2);
  r = run(['--kind', 'accept', '--out', out, '--colour', 'red']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unexpected “--colour”/);
  assert.throws(() => readFileSync(out), /ENOENT/);
  r = run(['--kind', 'accept', '--out', join(dir, 'no-such-dir', 'x.pdf')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot write/);
  r = spawnSync(BIN, ['notice-sample', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /受理通知书/);
});
