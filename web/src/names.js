// Id → display name for regions, departments and halls, fetched on demand and
// cached for the page's lifetime (lists show names, the API returns ids).
import { reactive } from 'vue';
import { api } from './api.js';

const cache = reactive({ regions: {}, departments: {}, halls: {}, staff: {}, windows: {} });
const pending = new Set();
const KIND = { regions: '区划', departments: '部门', halls: '大厅', staff: '人员', windows: '窗口' };

export function remember(res, obj) {
  if (obj && obj.id != null) cache[res][obj.id] = obj;
}
export function rememberAll(res, list) {
  for (const o of list || []) remember(res, o);
}
export function forget(res, id) {
  delete cache[res][id];
}

/** The cached object, fetching it in the background if unknown. */
export function lookup(res, id) {
  if (id === null || id === undefined || id === '') return null;
  const hit = cache[res][id];
  if (hit) return hit;
  const key = `${res}/${id}`;
  if (!pending.has(key)) {
    pending.add(key);
    api.get(`/${res}/${id}`, null, { quiet401: true })
      .then((o) => { if (o) cache[res][id] = o; })
      .catch(() => { cache[res][id] = { id, name: `${KIND[res] || ''}#${id}`, missing: true }; })
      .finally(() => pending.delete(key));
  }
  return null;
}

export function nameOf(res, id) {
  if (id === null || id === undefined || id === '') return '—';
  const o = lookup(res, id);
  return o ? (o.short_name && res === 'departments' ? o.short_name : o.name) : '…';
}
