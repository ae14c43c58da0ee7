-- Hall queue: queues, tickets, calling, appointments, events, hourly rollups.
-- Times are UTC epoch milliseconds; days are civil dates 'YYYY-MM-DD' in
-- Asia/Shanghai; minutes of day are local. NULL hall settings mean the
-- documented default (docs/queue.md).
ALTER TABLE halls ADD COLUMN call_rule TEXT;
ALTER TABLE halls ADD COLUMN recall_limit INTEGER;
ALTER TABLE halls ADD COLUMN remote_tickets INTEGER;
ALTER TABLE halls ADD COLUMN checkin_early_min INTEGER;
ALTER TABLE halls ADD COLUMN checkin_late_min INTEGER;
ALTER TABLE halls ADD COLUMN hold_seconds INTEGER;
ALTER TABLE halls ADD COLUMN freeze_minutes INTEGER;
ALTER TABLE halls ADD COLUMN wait_target_min INTEGER;
ALTER TABLE halls ADD COLUMN remind_at INTEGER;
ALTER TABLE halls ADD COLUMN location TEXT;

CREATE TABLE queues (
  id INTEGER PRIMARY KEY,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  region_id INTEGER REFERENCES regions(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  number_min INTEGER,
  number_max INTEGER,
  pad INTEGER,
  daily_quota INTEGER,
  item_ids TEXT NOT NULL DEFAULT '',
  allow_remote INTEGER,
  active INTEGER,
  sort_order INTEGER,
  appt_horizon_days INTEGER,
  appt_min_notice_min INTEGER,
  appt_release_time TEXT,
  appt_per_person_day INTEGER,
  appt_per_person_item INTEGER,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  UNIQUE (hall_id, code),
  UNIQUE (hall_id, prefix)
);

-- The last number issued per queue and day: one upsert per ticket.
CREATE TABLE ticket_counters (
  queue_id INTEGER NOT NULL REFERENCES queues(id),
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (queue_id, day)
);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  issue_queue_id INTEGER NOT NULL REFERENCES queues(id),
  queue_id INTEGER NOT NULL REFERENCES queues(id),
  day TEXT NOT NULL,
  number INTEGER NOT NULL,
  code TEXT NOT NULL,
  item_ids TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  klass INTEGER NOT NULL,
  priority TEXT,
  appointment_id INTEGER,
  id_number TEXT,
  phone TEXT,
  citizen_id INTEGER,
  status TEXT NOT NULL,
  sort_at INTEGER NOT NULL,
  issued_at INTEGER NOT NULL,
  target_window_id INTEGER,
  window_id INTEGER,
  staff_id INTEGER,
  called_at INTEGER,
  first_called_at INTEGER,
  recalls INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER,
  finished_at INTEGER,
  quoted_lo INTEGER,
  quoted_hi INTEGER,
  reminded INTEGER NOT NULL DEFAULT 0,
  transfers INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (issue_queue_id, day, number)
);
CREATE INDEX tickets_waiting ON tickets(queue_id, status, klass, sort_at);
CREATE INDEX tickets_hall_day ON tickets(hall_id, day);
CREATE INDEX tickets_window ON tickets(window_id, status);
CREATE INDEX tickets_citizen ON tickets(citizen_id);

CREATE TABLE appt_sessions (
  id INTEGER PRIMARY KEY,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  region_id INTEGER REFERENCES regions(id),
  queue_id INTEGER NOT NULL REFERENCES queues(id),
  day_kind TEXT NOT NULL,
  weekday INTEGER,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  slot_minutes INTEGER NOT NULL,
  online_capacity INTEGER NOT NULL,
  internal_capacity INTEGER NOT NULL,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX appt_sessions_queue ON appt_sessions(queue_id);

-- Online appointments released per service hour (放号频率), per queue.
CREATE TABLE appt_release (
  queue_id INTEGER NOT NULL REFERENCES queues(id),
  hour INTEGER NOT NULL,
  online_per_hour INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (queue_id, hour)
);

-- Slots are made from the sessions when first looked at; capacity is taken
-- by a conditional increment, so a slot is never overbooked.
CREATE TABLE appt_slots (
  id INTEGER PRIMARY KEY,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  queue_id INTEGER NOT NULL REFERENCES queues(id),
  date TEXT NOT NULL,
  start_min INTEGER NOT NULL,
  end_min INTEGER NOT NULL,
  cap_online INTEGER NOT NULL,
  cap_internal INTEGER NOT NULL,
  used_online INTEGER NOT NULL DEFAULT 0,
  used_internal INTEGER NOT NULL DEFAULT 0,
  UNIQUE (queue_id, date, start_min)
);

CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  queue_id INTEGER NOT NULL REFERENCES queues(id),
  slot_id INTEGER NOT NULL REFERENCES appt_slots(id),
  date TEXT NOT NULL,
  start_min INTEGER NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  name TEXT,
  id_number TEXT,
  phone TEXT,
  item_id INTEGER,
  citizen_id INTEGER,
  staff_id INTEGER,
  hold_until INTEGER,
  frozen_until INTEGER,
  released INTEGER NOT NULL DEFAULT 0,
  ticket_id INTEGER,
  checked_in_at INTEGER,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX appointments_slot ON appointments(slot_id, released, status);
CREATE INDEX appointments_person ON appointments(id_number, date);
CREATE INDEX appointments_citizen ON appointments(citizen_id);
CREATE INDEX appointments_hall_date ON appointments(hall_id, date);

-- Per-person counters (per day, per item) taken by a conditional upsert.
CREATE TABLE appt_person (
  id_number TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (id_number, key)
);

-- Everything displays and ticket pages follow; the id is the SSE event id.
CREATE TABLE queue_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hall_id INTEGER NOT NULL,
  queue_id INTEGER,
  ticket_id INTEGER,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX queue_events_hall ON queue_events(hall_id, id);
CREATE INDEX queue_events_ticket ON queue_events(ticket_id, id);
CREATE INDEX queue_events_queue ON queue_events(queue_id, id);

-- Hourly rollup per hall, queue and local hour, kept current by each
-- ticket change: statistics, wait estimates and release advice read it.
CREATE TABLE queue_hourly (
  hall_id INTEGER NOT NULL,
  queue_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  hour INTEGER NOT NULL,
  issued INTEGER NOT NULL DEFAULT 0,
  walkins INTEGER NOT NULL DEFAULT 0,
  appointments INTEGER NOT NULL DEFAULT 0,
  served INTEGER NOT NULL DEFAULT 0,
  no_shows INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  wait_n INTEGER NOT NULL DEFAULT 0,
  wait_sum_ms INTEGER NOT NULL DEFAULT 0,
  service_n INTEGER NOT NULL DEFAULT 0,
  service_sum_ms INTEGER NOT NULL DEFAULT 0,
  service_sq_sum REAL NOT NULL DEFAULT 0,
  quote_n INTEGER NOT NULL DEFAULT 0,
  quote_abs_err_ms INTEGER NOT NULL DEFAULT 0,
  quote_in_range INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hall_id, queue_id, day, hour)
);
