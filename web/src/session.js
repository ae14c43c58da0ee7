// The signed-in person, shared by every page. Plain reactive state: the app
// is small enough that a store library would add nothing.
import { reactive } from 'vue';
import { api, setCsrf, setUnauthorizedHandler } from './api.js';

export const session = reactive({
  user: null,
  expiresAt: null,
  loaded: false,
  expiredNotice: '', // shown on the login page after a 401
});

let loading = null;

/** Ask the server who we are (once per page load unless forced). */
export function loadSession(force = false) {
  if (session.loaded && !force) return Promise.resolve(session.user);
  if (loading && !force) return loading;
  loading = api.get('/auth/me', null, { quiet401: true })
    .then((r) => {
      session.user = r?.user || null;
      if (r?.csrf) setCsrf(r.csrf);
      return session.user;
    })
    .catch(() => {
      session.user = null;
      setCsrf('');
      return null;
    })
    .finally(() => {
      session.loaded = true;
      loading = null;
    });
  return loading;
}

function adopt(r) {
  session.user = r.user;
  session.expiresAt = r.expires_at ?? null;
  session.loaded = true;
  session.expiredNotice = '';
  setCsrf(r.csrf || '');
  return r.user;
}

export async function login(username, password) {
  return adopt(await api.post('/auth/login', { username, password }, { quiet401: true }));
}

export async function requestOtp(phone) {
  return api.post('/auth/otp/request', { phone }, { quiet401: true });
}

export async function verifyOtp(phone, code) {
  return adopt(await api.post('/auth/otp/verify', { phone, code }, { quiet401: true }));
}

export async function logout() {
  try {
    await api.post('/auth/logout', {}, { quiet401: true });
  } catch { /* the session may already be gone: log out locally anyway */ }
  clearSession();
}

export function clearSession(notice = '') {
  session.user = null;
  session.expiresAt = null;
  session.loaded = true;
  session.expiredNotice = notice;
  setCsrf('');
}

export function hasRole(...roles) {
  const mine = session.user?.roles || [];
  return roles.some((r) => mine.includes(r));
}

export function isStaff(user = session.user) {
  const roles = user?.roles || [];
  return roles.some((r) => r !== 'citizen');
}

// A request that finds the session gone sends the person back to log in.
let router = null;
export function bindRouter(r) { router = r; }
setUnauthorizedHandler((err) => {
  const wasIn = !!session.user;
  clearSession(wasIn ? (err.hint || '会话已过期，请重新登录') : '');
  if (!router) return;
  const cur = router.currentRoute.value;
  if (cur.path.startsWith('/m')) {
    if (cur.name !== 'm-home') router.replace({ name: 'm-home' });
  } else if (cur.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: cur.fullPath } });
  }
});
