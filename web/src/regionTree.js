// All regions a user can see, as a tree built from parent_id. A district has
// a few hundred at most (streets and communities), so one paged sweep is fine.
import { api } from './api.js';
import { rememberAll } from './names.js';
import { REGION_LEVEL_ORDER } from './labels.js';

export async function fetchAllRegions(maxPages = 30) {
  const all = [];
  let pageSize = 100;
  for (let page = 1; page <= maxPages; page++) {
    let r;
    try {
      r = await api.get('/regions', { page, page_size: pageSize });
    } catch (e) {
      // A server with a smaller page-size cap: retry with its default.
      if (page === 1 && pageSize === 100 && e.status === 400) {
        pageSize = 20;
        page = 0;
        continue;
      }
      throw e;
    }
    const items = r?.items || [];
    all.push(...items);
    if (!items.length || all.length >= (r?.total ?? 0)) break;
  }
  rememberAll('regions', all);
  return all;
}

export function buildTree(list) {
  const byId = new Map(list.map((r) => [r.id, { ...r, children: [] }]));
  const roots = [];
  for (const n of byId.values()) {
    const p = n.parent_id != null ? byId.get(n.parent_id) : null;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  const order = (a, b) => REGION_LEVEL_ORDER.indexOf(a.level) - REGION_LEVEL_ORDER.indexOf(b.level) || String(a.code).localeCompare(String(b.code));
  const sortRec = (ns) => { ns.sort(order); ns.forEach((n) => sortRec(n.children)); };
  sortRec(roots);
  return { roots, byId };
}
