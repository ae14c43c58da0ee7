-- Working-day calendar: imported holiday-cn years, their listed days, local
-- closures, and a version number that every change moves so that other
-- server instances notice and rebuild their in-memory calendar.
-- Dates are civil dates as 'YYYY-MM-DD' text (they sort as dates).
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  has_data INTEGER NOT NULL,          -- 0: the file was empty (not published)
  days INTEGER NOT NULL,              -- how many days the file listed
  digest TEXT NOT NULL,               -- fingerprint of the days, to skip re-imports
  source TEXT NOT NULL,               -- file name, "api" or "builtin:2026.json"
  imported_by TEXT NOT NULL,
  imported_at INTEGER NOT NULL
);

-- A file lists days of its own year and a few of the neighbours'
-- (2023.json holds 2022-12-31), so a day is keyed by the file it came from.
CREATE TABLE calendar_days (
  year INTEGER NOT NULL REFERENCES calendar_years(year),
  date TEXT NOT NULL,
  is_off_day INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (year, date)
);

CREATE TABLE calendar_closures (
  date TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE calendar_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO calendar_state (id, version) VALUES (1, 0);
