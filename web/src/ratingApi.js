// The 好差评 routes the front-of-house pages use (docs/ratings.md "API"):
// the window evaluator (the clerk's tablet facing the citizen), rating by
// the QR on a ticket (the token is the capability, no login), and a
// logged-in citizen's own ratings.
import { api } from './api.js';

// The ticket pages must never send anyone to a login page.
const quiet = { quiet401: true };

let optionsOnce = null;

export const ratingApi = {
  /** Levels, reason tags, indicator sets and the rating period (public). */
  options() {
    if (!optionsOnce) optionsOnce = api.get('/rating-options', undefined, quiet).catch((e) => { optionsOnce = null; throw e; });
    return optionsOnce;
  },
  // The evaluator handles a lost session itself (back to this window after signing in).
  evaluator: (windowId) => api.get(`/windows/${windowId}/evaluator`, undefined, quiet),
  rateAtWindow: (windowId, body) => api.post(`/windows/${windowId}/rating`, body, quiet),
  ticket: (token) => api.get(`/tickets/${encodeURIComponent(token)}/rating`, undefined, quiet),
  rateTicket: (token, body) => api.post(`/tickets/${encodeURIComponent(token)}/rating`, body, quiet),
  addToTicket: (token, text) => api.post(`/tickets/${encodeURIComponent(token)}/rating/addition`, { text }, quiet),
  mine: () => api.get('/ratings/mine'),
  rate: (body) => api.post('/ratings', body),
  addToMine: (id, text) => api.post(`/ratings/${id}/addition`, { text }),
};

/** The body of a rating from what the form holds: only what was given,
 * tags only for a bad level, the phone only with the consent. */
export function ratingBody(f) {
  const b = { level: f.level };
  const bad = f.level === 'unsatisfied' || f.level === 'very_unsatisfied';
  if (bad && f.tags?.length) b.tags = [...f.tags];
  const ind = Object.fromEntries(Object.entries(f.indicators || {}).filter(([, v]) => v >= 1 && v <= 5));
  if (Object.keys(ind).length) b.indicators = ind;
  const comment = String(f.comment || '').trim();
  if (comment) b.comment = comment;
  if (f.callback) {
    b.callback_consent = true;
    const phone = String(f.phone || '').trim();
    if (phone) b.phone = phone;
  }
  return b;
}

/** A rating's subject kinds a citizen rates from the account (POST /ratings). */
export const RATEABLE_KINDS = ['case', 'hotline', 'online', 'ticket'];
