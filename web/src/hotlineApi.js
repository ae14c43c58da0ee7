// The 12345 hotline routes the pages use (docs/hotline.md), the knowledge
// base search beside the agent's form (kb_api.c), and the helpers those
// pages share: the category tree as cascader options, the department list,
// the region tree, and the "search as you type the description" ranking.
import { api } from './api.js';

const H = '/hotline';

export const hotlineApi = {
  tree: () => api.get(`${H}/categories/tree`),
  orders: (params) => api.get(`${H}/orders`, params),
  order: (id) => api.get(`${H}/orders/${id}`),
  create: (body) => api.post(`${H}/orders`, body),
  act: (id, step, body) => api.post(`${H}/orders/${id}/${step}`, body ?? {}),
  callerHistory: (phone, params) => api.get(`${H}/caller-history`, { phone, ...params }),
  similar: (id) => api.get(`${H}/orders/${id}/similar`),
  suggestion: (id) => api.get(`${H}/orders/${id}/suggestion`),
  kbSearch: (params) => api.get('/kb/search', params),
  kbArticle: (id) => api.get(`/kb/articles/${id}`),
};

// ---- categories ----

let treeCache = null;
/** The category tree (cached for the page's lifetime): { roots, byId }. */
export function loadCategories(force = false) {
  if (!treeCache || force) {
    treeCache = hotlineApi.tree().then((r) => {
      const byId = new Map();
      const walk = (nodes, parents) => {
        for (const n of nodes) {
          byId.set(n.id, { ...n, names: [...parents, n.name] });
          walk(n.children || [], [...parents, n.name]);
        }
      };
      walk(r?.items || [], []);
      return { roots: r?.items || [], byId };
    }).catch((e) => { treeCache = null; throw e; });
  }
  return treeCache;
}

/** Cascader options of the active categories: value id, label name. */
export function categoryOptions(roots) {
  const conv = (nodes) => nodes
    .filter((n) => n.active !== false)
    .map((n) => {
      const kids = conv(n.children || []);
      return { value: n.id, label: n.name, code: n.code, leaf: !kids.length, children: kids.length ? kids : undefined };
    });
  return conv(roots || []);
}

/** "城乡建设 / 住房保障 / 物业管理" for a category id. */
export function categoryPath(tree, id) {
  const c = tree?.byId?.get(id);
  return c ? c.names.join(' / ') : '';
}

// ---- departments ----

let deptCache = null;
export function loadDepartments() {
  if (!deptCache) {
    deptCache = api.get('/departments', { page_size: 200 })
      .then((r) => (r?.items || []).slice().sort((a, b) => String(a.name).localeCompare(String(b.name), 'zh')))
      .catch((e) => { deptCache = null; throw e; });
  }
  return deptCache;
}

// ---- regions: the tree below the person's own region ----

let regionCache = null;
export function loadRegions() {
  if (!regionCache) {
    regionCache = api.get('/regions', { page_size: 200 })
      .then((r) => r?.items || [])
      .catch((e) => { regionCache = null; throw e; });
  }
  return regionCache;
}

const LEVELS = ['province', 'city', 'district', 'street', 'community'];
/**
 * Cascader options from a region list: rooted at `rootId` (the person's
 * own region) when given, else at the top; value is the region code.
 */
export function regionOptions(list, rootId) {
  const kids = new Map();
  for (const r of list) {
    const k = r.parent_id ?? 0;
    if (!kids.has(k)) kids.set(k, []);
    kids.get(k).push(r);
  }
  const conv = (r) => {
    const ch = (kids.get(r.id) || []).slice().sort((a, b) => String(a.code).localeCompare(String(b.code)));
    return { value: r.code, label: r.name, level: r.level, children: ch.length ? ch.map(conv) : undefined };
  };
  const root = rootId ? list.find((r) => r.id === rootId) : null;
  if (root) return [conv(root)];
  const ids = new Set(list.map((r) => r.id));
  return list
    .filter((r) => r.parent_id == null || !ids.has(r.parent_id))
    .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level))
    .map(conv);
}

/** The codes from a cascader's root down to `code` (the cascader's model). */
export function regionPathTo(options, code) {
  const walk = (nodes, trail) => {
    for (const n of nodes || []) {
      const t = [...trail, n.value];
      if (n.value === code) return t;
      const hit = walk(n.children, t);
      if (hit) return hit;
    }
    return null;
  };
  return walk(options, []) || [];
}

// ---- knowledge base: searching while the agent types the description ----
//
// The search endpoint matches articles that contain every word of q, so a
// whole sentence finds nothing. While the description is typed, the panel
// asks instead for each of its two-character words (bigrams) separately
// and ranks the articles by the rare words they share with it (each word
// weighs by how few articles have it). Replies are remembered per word,
// so each keystroke costs at most a request or two.

// Bigrams that say nothing about the subject of a call.
const STOP_BIGRAMS = new Set(('咨询 反映 投诉 举报 建议 请问 你好 您好 谢谢 希望 要求 请求 帮助 处理 解决 问题 情况 '
  + '什么 怎么 如何 为何 为什 哪些 哪里 多久 能否 是否 可以 需要 应该 已经 现在 目前 一直 多次 没有 不是 还是 '
  + '要什 我们 他们 你们 自己 这个 那个 一个 一下 时候 市民 来电 电话 工作 相关 有关 部门 关于 进行 以及 或者 但是 因为 所以 如果').split(' '));
// Characters that make a bigram meaningless on their own side.
const STOP_CHARS = new Set('的了吗呢啊吧么是我你他她它们和与及或也都就还很在这那个把被给对从到向于以之其'.split(''));
const WORD_CHAR = /[\p{Script=Han}A-Za-z0-9]/u;

/** The distinct bigrams of a text worth searching for, in order, at most `max`. */
export function keyBigrams(text, max = 24) {
  const chars = [...String(text || '')];
  const out = [];
  const seen = new Set();
  for (let i = 0; i + 1 < chars.length && out.length < max; i++) {
    const a = chars[i];
    const b = chars[i + 1];
    if (!WORD_CHAR.test(a) || !WORD_CHAR.test(b)) continue;
    if (STOP_CHARS.has(a) || STOP_CHARS.has(b)) continue;
    if (/[0-9A-Za-z]/.test(a) && /[0-9A-Za-z]/.test(b)) continue; // numbers and Latin: not here
    const w = a + b;
    if (STOP_BIGRAMS.has(w) || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

/** A ranker of knowledge-base articles for free text; one per form. */
export function kbRanker({ pageSize = 20 } = {}) {
  const cache = new Map(); // key "region\u001fword" → Promise<{ total, items }>
  function ask(word, region) {
    const key = `${region || ''}\u001f${word}`;
    if (!cache.has(key)) {
      cache.set(key, hotlineApi.kbSearch({ q: word, region: region || undefined, page_size: pageSize })
        .then((r) => ({ total: r?.total ?? 0, items: r?.items || [] }))
        .catch((e) => { cache.delete(key); throw e; }));
    }
    return cache.get(key);
  }
  /** Articles sharing words with `text`, best first: [{ article, score, words }]. */
  async function rank(text, region, limit = 8) {
    const words = keyBigrams(text);
    if (!words.length) return [];
    const replies = await Promise.all(words.map((w) => ask(w, region).catch(() => ({ total: 0, items: [] }))));
    const n = Math.max(50, ...replies.map((r) => r.total)) * 2;
    const byId = new Map();
    replies.forEach((r, i) => {
      if (!r.total) return;
      const weight = Math.log(1 + n / r.total);
      for (const a of r.items) {
        const hit = byId.get(a.id) || { article: a, score: 0, words: [] };
        // A word in the title counts double: titles say what an article answers.
        hit.score += a.title.includes(words[i]) ? 2 * weight : weight;
        hit.words.push(words[i]);
        byId.set(a.id, hit);
      }
    });
    return [...byId.values()]
      .filter((h) => h.words.length >= Math.min(2, words.length))
      .sort((x, y) => y.score - x.score || (y.article.hits || 0) - (x.article.hits || 0))
      .slice(0, limit);
  }
  return { rank };
}

/** HTML of a text with the given words in <mark>, everything else escaped. */
export function markWords(text, words) {
  const esc = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const t = String(text || '');
  const list = [...new Set(words || [])].filter(Boolean);
  if (!list.length) return esc(t);
  const re = new RegExp(list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let out = '';
  let last = 0;
  for (const m of t.matchAll(re)) {
    out += esc(t.slice(last, m.index)) + `<mark>${esc(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + esc(t.slice(last));
}

// ---- the citizens' side ----
//
// A citizen signed in with their phone submits through the web channel and
// follows their own orders. These are the routes the pages expect from the
// hotline API (see the pages' notes when the server does not offer them).
export const citizenHotlineApi = {
  tree: () => api.get(`${H}/categories/tree`, undefined, { quiet401: true }),
  submit: (body) => api.post(`${H}/mine`, body),
  mine: (params) => api.get(`${H}/mine`, params),
  one: (id) => api.get(`${H}/mine/${id}`),
  rate: (id, body) => api.post(`${H}/mine/${id}/rate`, body),
};
