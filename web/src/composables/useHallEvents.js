// Follows a server-sent event stream (a hall's or a ticket's). The browser's
// EventSource reconnects by itself and sends Last-Event-ID, so a restart of
// the server loses nothing; `onEvent(type, data)` runs for every event. When
// more was missed than the server replays it sends `stream.reset`, passed
// on the same way: the page should reload its whole view.
import { onBeforeUnmount, ref } from 'vue';

const TYPES = [
  'ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.finished',
  'ticket.no_show', 'ticket.parked', 'ticket.resumed', 'ticket.transferred', 'ticket.cancelled',
  'ticket.reminded', 'window.opened', 'window.closed', 'appointment.checked_in',
  'stream.reset',
];

export function useEventStream(urlFn, onEvent) {
  const connected = ref(false);
  let es = null;
  function open() {
    close();
    const url = urlFn();
    if (!url) return;
    es = new EventSource(url);
    es.onopen = () => { connected.value = true; };
    es.onerror = () => { connected.value = false; };
    for (const t of TYPES) {
      es.addEventListener(t, (m) => {
        let data = {};
        try { data = JSON.parse(m.data); } catch { /* keep going */ }
        onEvent(t, data, Number(m.lastEventId) || 0);
      });
    }
  }
  function close() {
    if (es) es.close();
    es = null;
    connected.value = false;
  }
  onBeforeUnmount(close);
  return { connected, open, close };
}
