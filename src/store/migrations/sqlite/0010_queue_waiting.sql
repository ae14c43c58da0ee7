-- People waiting per queue, local day and class (0 appointment, 1 green
-- channel, 2 normal), moved by the store in the same transaction as every
-- ticket that enters or leaves 'waiting' or changes queue while waiting
-- (store/queue_store.c). The kiosk's waiting count and a new ticket's
-- people ahead read these few rows instead of counting waiting tickets,
-- which grew with the queue (docs/queue.md, "Waiting counters").
CREATE TABLE queue_waiting (
  queue_id INTEGER NOT NULL REFERENCES queues(id),
  day TEXT NOT NULL,
  klass INTEGER NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (queue_id, day, klass)
) WITHOUT ROWID;

INSERT INTO queue_waiting (queue_id, day, klass, n)
  SELECT queue_id, day, klass, COUNT(*) FROM tickets WHERE status = 'waiting' GROUP BY queue_id, day, klass;

-- A kiosk ticket has no window yet and most tickets no citizen account:
-- index only the rows that have one (every lookup names the value), so
-- taking a ticket writes two index pages fewer.
DROP INDEX tickets_window;
CREATE INDEX tickets_window ON tickets(window_id, status) WHERE window_id IS NOT NULL;
DROP INDEX tickets_citizen;
CREATE INDEX tickets_citizen ON tickets(citizen_id) WHERE citizen_id IS NOT NULL;
