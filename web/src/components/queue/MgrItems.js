// Every catalogue item (id, code, name, department), read once per page load
// in pages of 200, for the item pickers and names of the queue pages.
import { api } from '../../api.js';

let all = null;
export function loadAllItems() {
  if (!all) {
    all = (async () => {
      const out = [];
      for (let page = 1; page <= 20; page++) {
        const r = await api.get('/items', { page, page_size: 200 });
        out.push(...(r?.items || []));
        if (!r || out.length >= (r.total ?? 0) || !(r.items || []).length) break;
      }
      return out.map((it) => ({ id: it.id, code: it.code, name: it.name, department: it.department || '' }));
    })().catch(() => { all = null; return []; });
  }
  return all;
}
