// Which hall the queue manager pages show: the staff member's own hall
// (session user.hall_id), or for admins and supervisors (and staff without a
// hall) one picked from GET /api/v1/halls. The choice is shared by the pages
// and kept for the browser tab; `?hall=` in the address wins.
import { computed, reactive } from 'vue';
import { api } from '../../api.js';
import { session, hasRole } from '../../session.js';
import { rememberAll } from '../../names.js';

const KEY = 'yw_mgr_hall';
const state = reactive({ id: null, halls: [], loaded: false, error: '' });
let loading = null;
let loadedFor = null; // the user the halls were read for

function stored() {
  try { return Number(sessionStorage.getItem(KEY)) || null; } catch { return null; }
}

export function canPickHall() {
  return hasRole('admin', 'supervisor') || !session.user?.hall_id;
}

async function init(queryHall) {
  const fromQuery = Number(queryHall) || null;
  if (canPickHall()) {
    try {
      const r = await api.get('/halls', { page: 1, page_size: 200 });
      state.halls = r?.items || [];
      rememberAll('halls', state.halls);
    } catch (e) {
      state.error = e?.hint || String(e?.message || e);
    }
    const ids = state.halls.map((h) => h.id);
    const want = [fromQuery, state.id, stored(), session.user?.hall_id].find((x) => x && ids.includes(x));
    state.id = want || ids[0] || null;
  } else {
    state.id = session.user.hall_id;
    try {
      const h = await api.get(`/halls/${state.id}`);
      state.halls = h ? [h] : [];
      rememberAll('halls', state.halls);
    } catch (e) {
      state.error = e?.hint || String(e?.message || e);
    }
  }
  state.loaded = true;
}

/** The hall state; `ready` resolves once the hall id is known. */
export function useMgrHall(route) {
  if (!loading || loadedFor !== (session.user?.id ?? null)) {
    loadedFor = session.user?.id ?? null;
    loading = init(route?.query?.hall);
  }
  const hall = computed(() => state.halls.find((h) => h.id === state.id) || null);
  function pick(id) {
    state.id = id;
    try { sessionStorage.setItem(KEY, String(id)); } catch { /* private mode */ }
  }
  /** Reload a hall object after it was saved (the rules form). */
  function replaceHall(h) {
    const i = state.halls.findIndex((x) => x.id === h.id);
    if (i >= 0) state.halls[i] = h;
    else state.halls.push(h);
  }
  return { state, hall, ready: loading, pick, replaceHall, canPick: computed(canPickHall) };
}

/** For tests and logouts: forget the cached halls (a new login may see others). */
export function resetMgrHall() {
  loading = null;
  loadedFor = null;
  state.id = null;
  state.halls = [];
  state.loaded = false;
}
