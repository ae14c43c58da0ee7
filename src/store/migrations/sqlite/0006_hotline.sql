-- 12345 hotline work orders: categories, the dispatch catalogue, orders,
-- one assignment per department and dispatch round, every state change as
-- an event, callbacks. Times are UTC epoch milliseconds; deadlines are
-- computed in working days on the live calendar (docs/hotline.md).

-- A 3-level category tree. NULL limits inherit the parent's, then the
-- defaults of docs/hotline.md. path is the ids from the root ("1/5/23/").
CREATE TABLE hotline_categories (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES hotline_categories(id),
  level INTEGER NOT NULL,
  path TEXT NOT NULL DEFAULT '',
  sign_days INTEGER,
  handle_days INTEGER,
  urgent_handle_days INTEGER,
  reply_days INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  sort_order INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX hotline_categories_parent ON hotline_categories(parent_id);

-- 派单目录: category × region → lead and assisting departments.
CREATE TABLE hotline_dispatch_rules (
  id INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES hotline_categories(id),
  region_id INTEGER NOT NULL REFERENCES regions(id),
  lead_department_id INTEGER NOT NULL REFERENCES departments(id),
  assist_department_ids TEXT NOT NULL DEFAULT '',
  note TEXT,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  UNIQUE (category_id, region_id)
);
CREATE INDEX hotline_rules_lead ON hotline_dispatch_rules(lead_department_id);

-- The last order number of a local day: one upsert per order.
CREATE TABLE hotline_counters (
  day TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE hotline_orders (
  id INTEGER PRIMARY KEY,
  order_no TEXT NOT NULL UNIQUE,
  day TEXT NOT NULL,
  channel TEXT NOT NULL,
  anonymous INTEGER NOT NULL DEFAULT 0,
  caller_name TEXT,
  caller_phone TEXT,
  type TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES hotline_categories(id),
  region_id INTEGER REFERENCES regions(id),
  region_path TEXT NOT NULL DEFAULT '',
  address TEXT,
  address_norm TEXT,
  description TEXT NOT NULL,
  attachments TEXT NOT NULL DEFAULT '[]',
  urgency TEXT NOT NULL,
  state TEXT NOT NULL,
  round INTEGER NOT NULL DEFAULT 0,
  lead_department_id INTEGER REFERENCES departments(id),
  sign_days INTEGER NOT NULL,
  handle_days INTEGER NOT NULL,
  reply_days INTEGER NOT NULL,
  sign_by INTEGER,
  handle_by INTEGER,
  reply_by INTEGER,
  paused_since INTEGER,
  paused_total INTEGER NOT NULL DEFAULT 0,
  extended_days INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  merged_into INTEGER REFERENCES hotline_orders(id),
  direct INTEGER NOT NULL DEFAULT 0,
  answer TEXT,
  article_id INTEGER,
  urge_count INTEGER NOT NULL DEFAULT 0,
  supervised INTEGER NOT NULL DEFAULT 0,
  escalation INTEGER NOT NULL DEFAULT 0,
  solved INTEGER,
  satisfied INTEGER,
  created_by INTEGER,
  dispatched_at INTEGER,
  signed_at INTEGER,
  replied_at INTEGER,
  closed_at INTEGER,
  version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX hotline_orders_created ON hotline_orders(created_at);
CREATE INDEX hotline_orders_state ON hotline_orders(state, created_at);
CREATE INDEX hotline_orders_category ON hotline_orders(category_id);
CREATE INDEX hotline_orders_lead ON hotline_orders(lead_department_id);
CREATE INDEX hotline_orders_region ON hotline_orders(region_path);
CREATE INDEX hotline_orders_caller ON hotline_orders(caller_phone, created_at);
CREATE INDEX hotline_orders_address ON hotline_orders(address_norm, created_at);
CREATE INDEX hotline_orders_merged ON hotline_orders(merged_into);

-- One per department per dispatch round (round 2 after a reopen).
CREATE TABLE hotline_assignments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES hotline_orders(id),
  round INTEGER NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  role TEXT NOT NULL,
  state TEXT NOT NULL,
  dispatched_at INTEGER NOT NULL,
  dispatched_by INTEGER,
  sign_by INTEGER,
  handle_by INTEGER,
  signed_at INTEGER,
  signed_by INTEGER,
  returned_at INTEGER,
  returned_by INTEGER,
  return_reason TEXT,
  arbitration TEXT,
  arbitrated_at INTEGER,
  replied_at INTEGER,
  replied_by INTEGER,
  reply_measures TEXT,
  reply_result TEXT,
  ext_state TEXT,
  ext_days INTEGER,
  ext_reason TEXT,
  ext_requested_at INTEGER,
  ext_decided_at INTEGER,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (order_id, round, department_id)
);
CREATE INDEX hotline_assignments_department ON hotline_assignments(department_id, state);

-- Every state change and action, with its raw timestamp, so any local KPI
-- formula can be recomputed.
CREATE TABLE hotline_events (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES hotline_orders(id),
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor_name TEXT,
  role TEXT,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  department_id INTEGER,
  reason TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX hotline_events_order ON hotline_events(order_id, id);
CREATE INDEX hotline_events_action ON hotline_events(action, at);

CREATE TABLE hotline_callbacks (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES hotline_orders(id),
  round INTEGER NOT NULL,
  solved INTEGER NOT NULL,
  satisfied INTEGER NOT NULL,
  note TEXT,
  by_id INTEGER,
  by_name TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX hotline_callbacks_order ON hotline_callbacks(order_id);
