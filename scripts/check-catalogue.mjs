#!/usr/bin/env node
// Validate a catalogue file ({"format":"yiwang-items/1","items":[…]}) against
// docs/catalogue-format.md: field types, enumerations and lengths, references
// to the demo district (departments, halls, regions), code uniqueness and every
// consistency rule. Node 20, no dependencies.
//
//   node scripts/check-catalogue.mjs [catalogue.json] [--district district.json] [--strict] [--quiet]
//
// Errors break the format or a rule of docs/catalogue-format.md; warnings are
// plausibility checks against the district (綜窗 coverage, phones, …).
// Exit status: 0 clean, 1 errors (or warnings with --strict), 2 bad usage/unreadable input.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let file = null;
let districtFile = path.join(repo, 'data/demo/district.json');
let strict = false;
let quiet = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--district') districtFile = args[++i];
  else if (a === '--strict') strict = true;
  else if (a === '--quiet') quiet = true;
  else if (a === '-h' || a === '--help') {
    console.log('usage: node scripts/check-catalogue.mjs [catalogue.json] [--district district.json] [--strict] [--quiet]');
    process.exit(0);
  } else if (a.startsWith('-')) { console.error(`unknown option ${a}`); process.exit(2); }
  else if (file === null) file = a;
  else { console.error('only one catalogue file may be given'); process.exit(2); }
}
file ??= path.join(repo, 'data/demo/catalogue.json');

function readJson(p, what) {
  let text;
  try { text = fs.readFileSync(p, 'utf8'); } catch (e) { console.error(`cannot read ${what} ${p}: ${e.message}`); process.exit(2); }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try { return JSON.parse(text); } catch (e) { console.error(`${what} ${p} is not valid JSON: ${e.message}`); process.exit(2); }
}
const cat = readJson(file, 'catalogue');
const district = readJson(districtFile, 'district');

// ---- the district: what items may refer to ----
const regionCodes = new Set((district.regions ?? []).map((r) => r.code));
const departments = new Map((district.departments ?? []).map((d) => [d.name, d]));
const halls = new Map((district.halls ?? []).map((h) => [h.name, h]));
// Step roles the importer accepts (the staff roles that work on cases).
const STEP_ROLES = ['clerk', 'approver', 'hall_manager', 'catalogue_admin', 'supervisor'];
// Limits the importer enforces that docs/catalogue-format.md does not state.
const LIMIT = { materials: 100, steps: 30, fees: 20, halls: 50, partners: 50, themes: 20, partner: 40, elicence: 40,
  sample: 120, note: 400, feeName: 80, feeBasis: 400 };

// ---- the format ----
const ENUM = {
  type: ['licensing', 'confirmation', 'payment', 'adjudication', 'reward', 'filing', 'other_power', 'public_service'],
  service_objects: ['person', 'legal_person'],
  handling_type: ['immediate', 'promised', 'joint', 'reported'],
  review_type: ['instant', 'pre_review'],
  handling_forms: ['window', 'online', 'post'],
  result_type: ['licence', 'approval', 'filing_receipt', 'other'],
  delivery: ['pickup', 'post', 'electronic'],
  role: ['main', 'secondary'],
  form: ['original', 'copy', 'original_and_copy'],
  medium: ['paper', 'electronic', 'either'],
  trust_level: ['A', 'B', 'C', 'D'],
  scope: ['none', 'city', 'province', 'national'],
};
const LABEL = {
  licensing: '行政许可', confirmation: '行政确认', payment: '行政给付', adjudication: '行政裁决', reward: '行政奖励',
  filing: '行政备案', other_power: '其他行政权力', public_service: '公共服务',
  immediate: '即办件', promised: '承诺件', joint: '联办件', reported: '上报件',
  none: '不通办', city: '市内通办', province: '省内通办', national: '跨省通办',
};
const ITEM_FIELDS = ['code', 'region', 'name', 'type', 'department', 'implementing_agency', 'service_objects', 'legal_basis',
  'conditions', 'materials', 'steps', 'statutory_limit_days', 'promised_limit_days', 'handling_type', 'review_type', 'fee',
  'online_depth', 'visits', 'handling_forms', 'result_type', 'result_name', 'delivery', 'halls', 'cross_region',
  'consult_phone', 'complaint_phone', 'tolerance', 'themes'];
const OPTIONAL_ITEM_FIELDS = new Set(['implementing_agency']); // defaults to the department's name
const MATERIAL_FIELDS = ['name', 'required', 'role', 'form', 'count', 'medium', 'elicence_type', 'sample', 'trust_level', 'note'];
const STEP_FIELDS = ['name', 'department', 'role', 'limit_days', 'parallel_group'];

const errors = [];
const warnings = [];
let where = '';
const err = (p, msg) => errors.push(`${where}${p ? '.' + p : ''}: ${msg}`);
const warn = (p, msg) => warnings.push(`${where}${p ? '.' + p : ''}: ${msg}`);

const len = (s) => [...s].length; // characters, not UTF-16 units
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v) => Number.isInteger(v);
const show = (v) => JSON.stringify(v);

// absent keys are reported once, as missing, by fields()
function str(o, k, { min = 0, max = Infinity, nullable = false, p = k } = {}) {
  if (!(k in o)) return undefined;
  const v = o[k];
  if (v === null && nullable) return null;
  if (typeof v !== 'string') { err(p, `must be a string${nullable ? ' or null' : ''}, got ${show(v)}`); return undefined; }
  const n = len(v);
  if (n < min) err(p, min === 1 ? 'must not be empty' : `must be at least ${min} characters, got ${n}`);
  if (n > max) err(p, `must be at most ${max} characters, got ${n}`);
  if (v !== v.trim()) warn(p, 'has leading or trailing white space');
  return v;
}
function int(o, k, lo, hi, p = k) {
  if (!(k in o)) return undefined;
  const v = o[k];
  if (!isInt(v)) { err(p, `must be an integer, got ${show(v)}`); return undefined; }
  if (v < lo || v > hi) err(p, `must be ${lo}–${hi}, got ${v}`);
  return v;
}
function bool(o, k, p = k) {
  if (!(k in o)) return undefined;
  const v = o[k];
  if (typeof v !== 'boolean') { err(p, `must be true or false, got ${show(v)}`); return undefined; }
  return v;
}
function oneOf(o, k, values, p = k) {
  if (!(k in o)) return undefined;
  const v = o[k];
  if (!values.includes(v)) { err(p, `must be one of ${values.join(', ')}, got ${show(v)}`); return undefined; }
  return v;
}
function enumArray(o, k, values, { min = 0 } = {}) {
  if (!(k in o)) return undefined;
  const v = o[k];
  if (!Array.isArray(v)) { err(k, `must be an array, got ${show(v)}`); return undefined; }
  if (v.length < min) err(k, `must have at least ${min} element${min > 1 ? 's' : ''}`);
  const seen = new Set();
  v.forEach((x, i) => {
    if (!values.includes(x)) err(`${k}[${i}]`, `must be one of ${values.join(', ')}, got ${show(x)}`);
    else if (seen.has(x)) err(`${k}[${i}]`, `duplicate ${show(x)}`);
    seen.add(x);
  });
  return v;
}
function fields(o, expected, optional, p) {
  for (const k of Object.keys(o)) if (!expected.includes(k)) err(p ? `${p}.${k}` : k, 'unknown field');
  for (const k of expected) if (!(k in o) && !optional.has(k)) err(p ? `${p}.${k}` : k, 'missing');
}
// The project's phone rule (src/domain/validate.c, item parser): an 11-digit mobile 13x–19x, a landline
// 0 + 2–3-digit area code + 7–8 digits (with or without "-"), or a 5-digit hotline such as 12345.
// "0762-12345" is none of these: the local part of a landline has 7–8 digits.
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-\d{7,8}|0\d{9,11}|1\d{4})$/;
const PHONE_HINT = 'a mobile, a landline like 0762-3388123, or a hotline like 12345';

// ---- top level ----
if (!isObj(cat)) { console.error('catalogue: top level must be an object'); process.exit(1); }
where = '(file)';
for (const k of Object.keys(cat)) if (!['format', 'items'].includes(k)) err(k, 'unknown field');
if (cat.format !== 'yiwang-items/1') err('format', `must be "yiwang-items/1", got ${show(cat.format)}`);
const items = Array.isArray(cat.items) ? cat.items : (err('items', 'must be an array'), []);
if (items.length === 0) err('items', 'is empty');

const codes = new Map(); // region|code → index

items.forEach((it, idx) => {
  where = `items[${idx}]` + (isObj(it) && typeof it.code === 'string' ? ` (${it.code})` : '');
  if (!isObj(it)) { err('', 'must be an object'); return; }
  fields(it, ITEM_FIELDS, OPTIONAL_ITEM_FIELDS);

  // -- scalar fields --
  const code = str(it, 'code', { min: 1, max: 40 });
  if (code !== undefined && !/^[0-9A-Za-z-]+$/.test(code)) err('code', 'may contain only 0-9, A-Z, a-z and "-"');
  const region = str(it, 'region', { min: 1 });
  if (region !== undefined) {
    if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(region)) err('region', `must be a 6-digit GB/T 2260 code or a 9/12-digit street/community code, got ${show(region)}`);
    else if (!regionCodes.has(region)) err('region', `${region} is not a region of the district`);
  }
  if (code !== undefined && region !== undefined) {
    const key = `${region}|${code}`;
    if (codes.has(key)) err('code', `duplicate code in region ${region} (also items[${codes.get(key)}])`);
    else codes.set(key, idx);
  }
  str(it, 'name', { min: 2, max: 80 });
  const type = oneOf(it, 'type', ENUM.type);
  const dept = str(it, 'department', { min: 1 });
  const deptInfo = dept !== undefined ? departments.get(dept) : undefined;
  if (dept !== undefined && !deptInfo) err('department', `${show(dept)} is not a department of the district`);
  if ('implementing_agency' in it) str(it, 'implementing_agency', { min: 2, max: 80 });
  enumArray(it, 'service_objects', ENUM.service_objects, { min: 1 });
  const basis = str(it, 'legal_basis', { max: 4000 });
  if (basis === '') warn('legal_basis', 'is empty');
  const cond = str(it, 'conditions', { max: 4000 });
  if (cond === '') warn('conditions', 'is empty');

  // -- materials --
  let materials = [];
  if (!('materials' in it)) { /* missing */ } else if (!Array.isArray(it.materials)) err('materials', `must be an array, got ${show(it.materials)}`);
  else {
    materials = it.materials;
    if (materials.length === 0 && type !== undefined && type !== 'public_service') err('materials', 'may be empty only for 公共服务 (public_service) items');
    if (materials.length > LIMIT.materials) err('materials', `at most ${LIMIT.materials} materials`);
    const names = new Set();
    materials.forEach((mt, i) => {
      const p = `materials[${i}]`;
      if (!isObj(mt)) { err(p, 'must be an object'); return; }
      fields(mt, MATERIAL_FIELDS, new Set(), p);
      const n = str(mt, 'name', { min: 1, max: 120, p: `${p}.name` });
      if (n !== undefined) { if (names.has(n)) warn(`${p}.name`, `duplicate material ${show(n)}`); names.add(n); }
      bool(mt, 'required', `${p}.required`);
      oneOf(mt, 'role', ENUM.role, `${p}.role`);
      oneOf(mt, 'form', ENUM.form, `${p}.form`);
      int(mt, 'count', 1, 20, `${p}.count`);
      oneOf(mt, 'medium', ENUM.medium, `${p}.medium`);
      str(mt, 'elicence_type', { min: 1, max: LIMIT.elicence, nullable: true, p: `${p}.elicence_type` });
      str(mt, 'sample', { min: 1, max: LIMIT.sample, nullable: true, p: `${p}.sample` });
      oneOf(mt, 'trust_level', ENUM.trust_level, `${p}.trust_level`);
      if (mt.note !== null) str(mt, 'note', { max: LIMIT.note, p: `${p}.note` });
    });
  }

  // -- steps --
  let steps = [];
  if (!('steps' in it)) { /* missing */ } else if (!Array.isArray(it.steps)) err('steps', `must be an array, got ${show(it.steps)}`);
  else {
    steps = it.steps;
    if (steps.length === 0) err('steps', 'must have at least one step');
    if (steps.length > LIMIT.steps) err('steps', `at most ${LIMIT.steps} steps`);
    steps.forEach((s, i) => {
      const p = `steps[${i}]`;
      if (!isObj(s)) { err(p, 'must be an object'); return; }
      fields(s, STEP_FIELDS, new Set(), p);
      str(s, 'name', { min: 1, max: 40, p: `${p}.name` });
      const sd = str(s, 'department', { min: 1, p: `${p}.department` });
      if (sd !== undefined && !departments.has(sd)) err(`${p}.department`, `${show(sd)} is not a department of the district`);
      oneOf(s, 'role', STEP_ROLES, `${p}.role`);
      int(s, 'limit_days', 0, 365, `${p}.limit_days`);
      str(s, 'parallel_group', { min: 1, max: 40, nullable: true, p: `${p}.parallel_group` });
    });
  }

  const stat = int(it, 'statutory_limit_days', 0, 365);
  const prom = int(it, 'promised_limit_days', 0, 365);
  const ht = oneOf(it, 'handling_type', ENUM.handling_type);
  const rt = oneOf(it, 'review_type', ENUM.review_type);

  // -- fee --
  const fee = it.fee;
  if (!('fee' in it)) { /* missing */ } else if (!isObj(fee)) err('fee', `must be an object, got ${show(fee)}`);
  else if (fee.charged === false) {
    for (const k of Object.keys(fee)) if (!['charged', 'items'].includes(k)) err(`fee.${k}`, 'unknown field');
    if ('items' in fee && !(Array.isArray(fee.items) && fee.items.length === 0)) err('fee.items', 'fees are listed only when charged is true');
  } else if (fee.charged === true) {
    for (const k of Object.keys(fee)) if (!['charged', 'items'].includes(k)) err(`fee.${k}`, 'unknown field');
    if (!Array.isArray(fee.items) || fee.items.length === 0) err('fee.items', 'must be a non-empty array when charged is true');
    else if (fee.items.length > LIMIT.fees) err('fee.items', `at most ${LIMIT.fees} fees`);
    else fee.items.forEach((f, i) => {
      const p = `fee.items[${i}]`;
      if (!isObj(f)) { err(p, 'must be an object'); return; }
      fields(f, ['name', 'amount_cny', 'basis'], new Set(), p);
      str(f, 'name', { min: 1, max: LIMIT.feeName, p: `${p}.name` });
      if (typeof f.amount_cny !== 'number' || !Number.isFinite(f.amount_cny) || f.amount_cny < 0) err(`${p}.amount_cny`, `must be a number ≥ 0, got ${show(f.amount_cny)}`);
      str(f, 'basis', { min: 1, max: LIMIT.feeBasis, p: `${p}.basis` });
    });
  } else err('fee.charged', `must be true or false, got ${show(fee.charged)}`);

  const depth = int(it, 'online_depth', 1, 4);
  const visits = int(it, 'visits', 0, 2);
  const forms = enumArray(it, 'handling_forms', ENUM.handling_forms, { min: 1 }) ?? [];
  const resultType = oneOf(it, 'result_type', ENUM.result_type);
  str(it, 'result_name', { min: 1, max: 80 });
  const delivery = enumArray(it, 'delivery', ENUM.delivery, { min: 1 }) ?? [];

  // -- halls --
  if (!('halls' in it)) { /* missing */ } else if (!Array.isArray(it.halls)) err('halls', `must be an array, got ${show(it.halls)}`);
  else {
    if (it.halls.length === 0) warn('halls', 'no hall handles this item');
    if (it.halls.length > LIMIT.halls) err('halls', `at most ${LIMIT.halls} halls`);
    const seen = new Set();
    it.halls.forEach((h, i) => {
      const p = `halls[${i}]`;
      if (!isObj(h)) { err(p, 'must be an object'); return; }
      fields(h, ['hall', 'comprehensive_window'], new Set(), p);
      const hn = str(h, 'hall', { min: 1, p: `${p}.hall` });
      const cw = bool(h, 'comprehensive_window', `${p}.comprehensive_window`);
      if (hn === undefined) return;
      if (seen.has(hn)) err(`${p}.hall`, `duplicate hall ${show(hn)}`);
      seen.add(hn);
      const hall = halls.get(hn);
      if (!hall) { err(`${p}.hall`, `${show(hn)} is not a hall of the district`); return; }
      if (!deptInfo) return;
      const windows = hall.windows ?? [];
      const comp = windows.some((w) => w.type === 'comprehensive' && (w.departments ?? []).includes(dept));
      const any = windows.some((w) => ['comprehensive', 'specialised', 'cross_region'].includes(w.type) && (w.departments ?? []).includes(dept));
      if (cw === true && !comp) warn(`${p}.comprehensive_window`, `no comprehensive window of ${hn} takes ${dept}`);
      if (cw === false && !any) warn(`${p}.hall`, `${hn} has no window that takes ${dept}`);
    });
  }

  // -- cross region --
  const cr = it.cross_region;
  let scope;
  if (!('cross_region' in it)) { /* missing */ } else if (!isObj(cr)) err('cross_region', `must be an object, got ${show(cr)}`);
  else {
    fields(cr, ['scope', 'partners'], new Set(), 'cross_region');
    scope = oneOf(cr, 'scope', ENUM.scope, 'cross_region.scope');
    if (!('partners' in cr)) { /* missing */ } else if (!Array.isArray(cr.partners)) err('cross_region.partners', `must be an array, got ${show(cr.partners)}`);
    else {
      const seen = new Set();
      cr.partners.forEach((x, i) => {
        const p = `cross_region.partners[${i}]`;
        if (typeof x !== 'string' || len(x.trim()) === 0) { err(p, `must be a region name or code, got ${show(x)}`); return; }
        if (len(x) > LIMIT.partner) err(p, `must be at most ${LIMIT.partner} characters`);
        if (/^\d+$/.test(x) && !/^\d{6}(\d{3}(\d{3})?)?$/.test(x)) err(p, `${x} is not a 6, 9 or 12-digit region code`);
        if (seen.has(x)) err(p, `duplicate partner ${show(x)}`);
        seen.add(x);
      });
      if (cr.partners.length > LIMIT.partners) err('cross_region.partners', `at most ${LIMIT.partners} partners`);
      if (scope === 'none' && cr.partners.length > 0) err('cross_region.partners', 'scope none has no partners');
    }
  }

  // -- phones, tolerance, themes --
  const cp = str(it, 'consult_phone', { min: 1, max: 40 });
  const pp = str(it, 'complaint_phone', { min: 1, max: 40 });
  if (cp !== undefined && !PHONE.test(cp)) err('consult_phone', `${show(cp)} is not ${PHONE_HINT}`);
  if (pp !== undefined && !PHONE.test(pp)) err('complaint_phone', `${show(pp)} is not ${PHONE_HINT}`);
  if (cp !== undefined && deptInfo && deptInfo.phone && cp !== deptInfo.phone) warn('consult_phone', `${cp} differs from the department's phone ${deptInfo.phone}`);
  const tolerance = bool(it, 'tolerance');
  if (!('themes' in it)) { /* missing */ } else if (!Array.isArray(it.themes)) err('themes', `must be an array, got ${show(it.themes)}`);
  else {
    if (it.themes.length === 0) warn('themes', 'no theme');
    if (it.themes.length > LIMIT.themes) err('themes', `at most ${LIMIT.themes} themes`);
    const seen = new Set();
    it.themes.forEach((t, i) => {
      if (typeof t !== 'string') { err(`themes[${i}]`, `must be a string, got ${show(t)}`); return; }
      const n = len(t);
      if (n === 0 || n > 20) err(`themes[${i}]`, `must be 1–20 characters, got ${n}`);
      if (t.includes('|')) err(`themes[${i}]`, 'may not contain "|" (the CSV form separates list entries with |)');
      if (seen.has(t)) err(`themes[${i}]`, `duplicate theme ${show(t)}`);
      seen.add(t);
    });
  }

  // ===== consistency rules (docs/catalogue-format.md) =====
  // promised ≤ statutory
  if (stat !== undefined && prom !== undefined && prom > stat) err('promised_limit_days', `${prom} exceeds statutory_limit_days ${stat}`);

  // steps add up; a parallel group counts as its longest step; total ≤ promised
  const validSteps = steps.filter((s) => isObj(s) && isInt(s.limit_days));
  const groups = new Map(); // name → {max, depts:Set, idx:[]}
  let total = 0;
  validSteps.forEach((s) => {
    const g = typeof s.parallel_group === 'string' && s.parallel_group !== '' ? s.parallel_group : null;
    if (g === null) total += s.limit_days;
    else {
      const e = groups.get(g) ?? { max: 0, depts: new Set(), idx: [] };
      e.max = Math.max(e.max, s.limit_days);
      if (typeof s.department === 'string') e.depts.add(s.department);
      e.idx.push(steps.indexOf(s));
      groups.set(g, e);
    }
  });
  for (const e of groups.values()) total += e.max;
  if (prom !== undefined && validSteps.length === steps.length && total > prom) err('steps', `step time ${total} days (parallel groups counted at their longest step) exceeds promised_limit_days ${prom}`);
  for (const [g, e] of groups) {
    const contiguous = e.idx.every((v, i) => i === 0 || v === e.idx[i - 1] + 1);
    if (!contiguous) warn('steps', `parallel group ${show(g)} is split by other steps`);
    if (e.idx.length < 2) warn('steps', `parallel group ${show(g)} has a single step`);
  }

  // 即办: immediate ⇔ instant ⇔ promised = 0
  if (ht !== undefined && rt !== undefined && (ht === 'immediate') !== (rt === 'instant')) err('review_type', `handling_type ${ht} requires review_type ${ht === 'immediate' ? 'instant' : 'pre_review'}, got ${rt}`);
  if (rt !== undefined && prom !== undefined && (rt === 'instant') !== (prom === 0)) err('promised_limit_days', rt === 'instant' ? `instant review requires promised_limit_days 0, got ${prom}` : 'promised_limit_days 0 requires review_type instant and handling_type immediate');
  if (ht !== undefined && rt === undefined && prom !== undefined && (ht === 'immediate') !== (prom === 0)) err('promised_limit_days', `handling_type ${ht} and promised_limit_days ${prom} disagree`);

  // joint ⇔ a parallel group with ≥ 2 departments
  const multiDeptGroup = [...groups.values()].some((e) => e.depts.size >= 2);
  if (ht === 'joint' && !multiDeptGroup) err('handling_type', 'joint requires a parallel group whose steps belong to at least 2 departments');
  if (ht !== undefined && ht !== 'joint' && multiDeptGroup) err('handling_type', `${ht}, but a parallel group spans several departments (that makes it joint)`);

  // online depth and visits
  if (depth === 4) {
    if (visits !== undefined && visits !== 0) err('visits', `online_depth 4 (全程网办) requires visits 0, got ${visits}`);
    if (!forms.includes('online')) err('handling_forms', 'online_depth 4 requires "online"');
  }
  if (visits === 0 && depth !== undefined && depth !== 4 && !forms.includes('post')) err('visits', 'visits 0 requires online_depth 4 or "post" in handling_forms');
  if (forms.includes('online') && depth !== undefined && depth < 3) warn('handling_forms', `"online" offered but online_depth is ${depth} (below Ⅲ nothing is applied for online)`);
  if (visits === 0 && delivery.length > 0 && delivery.every((d) => d === 'pickup')) warn('delivery', 'visits 0 but the result can only be picked up at a window');

  // 容缺
  const requiredSecondary = materials.some((mt) => isObj(mt) && mt.required === true && mt.role === 'secondary');
  if (tolerance === true && !requiredSecondary) err('tolerance', 'true requires at least one required secondary material');
  if (tolerance === false && requiredSecondary) warn('tolerance', 'false, but a required material is marked secondary (secondary only matters under 容缺)');

  // phones differ
  if (cp !== undefined && pp !== undefined && cp === pp) err('complaint_phone', 'must differ from consult_phone');

  // 行政许可 time limit
  if (type === 'licensing' && stat !== undefined && stat > 45) err('statutory_limit_days', `行政许可 allows at most 45 (行政许可法 第42条), got ${stat}`);

  // electronic delivery needs an e-licence
  if (delivery.includes('electronic') && resultType !== undefined && resultType !== 'licence') err('delivery', `"electronic" requires result_type licence, got ${resultType}`);
});

// ---- report ----
where = '';
const count = (f) => {
  const m = new Map();
  for (const it of items) if (isObj(it)) for (const k of [].concat(f(it) ?? [])) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]), 'zh'));
};
const table = (title, rows, label = (k) => k) => {
  console.log(`\n${title}`);
  for (const [k, n] of rows) console.log(`  ${String(n).padStart(4)}  ${label(k)}`);
};

if (!quiet) {
  console.log(`catalogue ${path.relative(process.cwd(), file) || file}: ${items.length} items, district ${path.relative(process.cwd(), districtFile) || districtFile}`);
  table('by type', count((it) => it.type), (k) => `${k} ${LABEL[k] ?? ''}`);
  table('by handling type', count((it) => it.handling_type), (k) => `${k} ${LABEL[k] ?? ''}`);
  table('by department', count((it) => it.department));
  table('by theme', count((it) => it.themes));
  table('by online depth (visits)', count((it) => `Ⅰ Ⅱ Ⅲ Ⅳ`.split(' ')[it.online_depth - 1] + ` (visits ${it.visits})`));
  table('by cross-region scope', count((it) => it.cross_region?.scope), (k) => `${k} ${LABEL[k] ?? ''}`);
  table('by hall', count((it) => (it.halls ?? []).map((h) => `${h.hall}${h.comprehensive_window ? '（综窗）' : ''}`)));
  const n = (f) => items.filter((it) => isObj(it) && f(it)).length;
  console.log('\nother');
  console.log(`  ${String(n((it) => it.tolerance === true)).padStart(4)}  容缺受理 (tolerance)`);
  console.log(`  ${String(n((it) => it.fee?.charged === true)).padStart(4)}  charged`);
  console.log(`  ${String(n((it) => (it.delivery ?? []).includes('electronic'))).padStart(4)}  electronic delivery`);
  console.log(`  ${String(n((it) => (it.materials ?? []).some((m) => m?.elicence_type))).padStart(4)}  with e-licence materials`);
}

for (const w of warnings) console.log(`warning: ${w}`);
for (const e of errors) console.log(`error: ${e}`);
console.log(`\n${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`);
process.exit(errors.length > 0 || (strict && warnings.length > 0) ? 1 : 0);
