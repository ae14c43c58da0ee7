// A hall's event stream for the hall devices and the desk
// (GET /api/v1/events/halls/{id}, docs/queue.md and docs/events.md).
//
// - Opens from the id of the state just loaded (`?last_event_id=`), so no
//   event between the load and the connection is lost; afterwards the
//   browser's EventSource resumes with Last-Event-ID by itself.
// - `stream.reset` (more missed than the server replays) → `onReset()`:
//   reload the whole view.
// - Each event id is handed on once (a replay may repeat one).
// - `refresh` is a debounced reload for views that simply re-read their
//   state on any change: a burst of events costs one request.
import { onBeforeUnmount, ref } from 'vue';

export const HALL_EVENT_TYPES = [
  'ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.finished',
  'ticket.no_show', 'ticket.parked', 'ticket.resumed', 'ticket.transferred', 'ticket.cancelled',
  'ticket.reminded', 'window.opened', 'window.closed', 'appointment.checked_in',
];

export function useHallStream({ onEvent = () => {}, onReset = () => {} } = {}) {
  const connected = ref(false);
  let es = null;
  let lastId = 0;
  const seen = new Set();

  function close() {
    if (es) es.close();
    es = null;
    connected.value = false;
  }

  /** Follows hall `hallId` from event `since` (the `last_event_id` of a board or desk reply). */
  function open(hallId, since) {
    close();
    if (!hallId || typeof EventSource === 'undefined') return;
    if (since) lastId = Math.max(lastId, Number(since) || 0);
    const q = lastId ? `?last_event_id=${lastId}` : '';
    es = new EventSource(`/api/v1/events/halls/${hallId}${q}`);
    es.onopen = () => { connected.value = true; };
    es.onerror = () => { connected.value = false; };
    es.addEventListener('stream.reset', () => onReset());
    for (const t of HALL_EVENT_TYPES) {
      es.addEventListener(t, (m) => {
        const id = Number(m.lastEventId) || 0;
        if (id) {
          if (seen.has(id)) return;
          seen.add(id);
          if (seen.size > 2000) seen.clear();
          if (id > lastId) lastId = id;
        }
        let data = {};
        try { data = JSON.parse(m.data); } catch { /* keep going with no data */ }
        onEvent(t, data, id);
      });
    }
  }

  onBeforeUnmount(close);
  return { connected, open, close };
}

/** `fn` at most once per `ms`, the last call winning (trailing). */
export function debounce(fn, ms = 250) {
  let t = null;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => { t = null; fn(...args); }, ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}
