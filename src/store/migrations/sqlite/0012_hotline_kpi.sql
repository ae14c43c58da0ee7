-- 12345 hotline KPIs (docs/hotline-kpis.md) and the Open311 side of orders
-- (docs/open311.md).
--
-- hotline_kpi_rollup: counts kept current in the same transaction as every
-- order step that changes them (domain/hotline_kpi.c), so a KPI over a year
-- of a city's orders sums a few thousand rows instead of
-- reading a million orders. Each order counts in the rows of the day it was
-- accepted (day, local date), its area (area_path: the region path down to
-- its district, '' when it has none) and, for each department it concerns
-- (department_id: the lead department for order counts, the assigned one
-- for assignment counts, 0 for the centre before dispatch), one row per
-- dimension: dim 'category' keyed by its category id, dim 'region' keyed by
-- its street's region code (the district's own code when it has no street,
-- 0 when no region). Every order is counted once in each dimension, so the
-- two dimensions' totals agree. The same counts are kept per month as well
-- (dims 'category_month' and 'region_month', day 'YYYY-MM'): a year sums
-- twelve months and the days at its ends.
CREATE TABLE hotline_kpi_rollup (
  dim TEXT NOT NULL,
  day TEXT NOT NULL,
  area_path TEXT NOT NULL,
  department_id INTEGER NOT NULL,
  group_key INTEGER NOT NULL,
  accepted INTEGER NOT NULL DEFAULT 0,
  direct INTEGER NOT NULL DEFAULT 0,
  dispatched INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_handled INTEGER NOT NULL DEFAULT 0,
  on_time INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  callback_due INTEGER NOT NULL DEFAULT 0,
  called_back INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  assigned INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  sign_due INTEGER NOT NULL DEFAULT 0,
  signed INTEGER NOT NULL DEFAULT 0,
  signed_on_time INTEGER NOT NULL DEFAULT 0,
  reply_due INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dim, day, area_path, department_id, group_key)
) WITHOUT ROWID; -- one b-tree: an upsert by key touches one tree, a range of days is read in key order

-- What an Open311 client sent with a request that the work order has no
-- place for (the order itself is in hotline_orders, channel 'open311'), and
-- the API key that created it. Personal data the client sent (name, email,
-- phone, device) is kept for the centre and never returned by Open311.
CREATE TABLE open311_requests (
  order_id INTEGER PRIMARY KEY REFERENCES hotline_orders(id),
  api_key_id INTEGER REFERENCES api_keys(id),
  lat REAL,
  lng REAL,
  address_id TEXT,
  email TEXT,
  device_id TEXT,
  account_id TEXT,
  first_name TEXT,
  last_name TEXT,
  media_url TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE INDEX open311_requests_created ON open311_requests(created_at);
