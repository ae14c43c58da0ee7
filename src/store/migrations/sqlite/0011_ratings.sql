-- 好差评: ratings of services, bad-review rectification, appeals, and the
-- rollups the figures read (docs/ratings.md). Times are UTC epoch
-- milliseconds; days are civil dates 'YYYY-MM-DD' in Asia/Shanghai.

-- The five levels (国办发〔2019〕51号). Codes are fixed; labels and scores
-- (Guangdong: 10/8/6/3/0) are the administrator's. A rating keeps the score
-- it was given with.
CREATE TABLE rating_levels (
  level INTEGER PRIMARY KEY,          -- 1 非常满意 … 5 非常不满意
  code TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  score INTEGER NOT NULL,
  bad INTEGER NOT NULL,               -- 1 for the two bad levels
  updated_at INTEGER NOT NULL
);
INSERT INTO rating_levels (level, code, label, score, bad, updated_at) VALUES
  (1, 'very_satisfied', '非常满意', 10, 0, 0),
  (2, 'satisfied', '满意', 8, 0, 0),
  (3, 'basic', '基本满意', 6, 0, 0),
  (4, 'unsatisfied', '不满意', 3, 1, 0),
  (5, 'very_unsatisfied', '非常不满意', 0, 1, 0);

-- Indicator sets: 'offline' for window service, 'online' for the online
-- service (GB/T 39735-2020); each indicator is scored 1–5 when given.
CREATE TABLE rating_indicators (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,              -- offline | online
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  sort_order INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL,
  UNIQUE (channel, code)
);
INSERT INTO rating_indicators (channel, code, label, sort_order, updated_at) VALUES
  ('offline', 'environment', '服务环境（场所设施、整洁有序）', 1, 0),
  ('offline', 'attitude', '服务态度（热情耐心、文明用语）', 2, 0),
  ('offline', 'standard', '服务规范（一次性告知、亮证上岗）', 3, 0),
  ('offline', 'efficiency', '办事效率（等候和办理时间）', 4, 0),
  ('offline', 'result', '办理结果（问题解决、结果满意）', 5, 0),
  ('online', 'guide', '办事指南（准确完整、易于理解）', 1, 0),
  ('online', 'convenience', '办理便捷（入口好找、少填少交）', 2, 0),
  ('online', 'timeliness', '办理时效（按时受理、按时办结）', 3, 0),
  ('online', 'interaction', '咨询互动（答复及时、准确）', 4, 0),
  ('online', 'result', '办理结果（问题解决、结果满意）', 5, 0);

-- Reasons a bad rating must name at least one of.
CREATE TABLE rating_tags (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  sort_order INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
);
INSERT INTO rating_tags (code, label, sort_order, updated_at) VALUES
  ('attitude', '服务态度差', 1, 0),
  ('long_wait', '等候时间长', 2, 0),
  ('repeat_visits', '多次跑动', 3, 0),
  ('incomplete_notice', '一次性告知不到位', 4, 0),
  ('slow', '办理效率低、超时', 5, 0),
  ('unreasonable_materials', '材料要求不合理', 6, 0),
  ('not_solved', '问题未解决', 7, 0),
  ('system_fault', '系统故障、网上办不了', 8, 0),
  ('other', '其他', 9, 0);

-- Settings: region 0 holds the defaults; a region's row overrides its
-- verification deadline (working days) for the departments' orders there.
CREATE TABLE rating_settings (
  region_id INTEGER PRIMARY KEY,
  verify_days INTEGER NOT NULL,       -- 核实时限, working days
  default_days INTEGER,               -- period before the default rating (region 0 only), natural days
  updated_at INTEGER NOT NULL
);
INSERT INTO rating_settings (region_id, verify_days, default_days, updated_at) VALUES (0, 2, 7, 0);

-- One rating per subject (a served ticket, an online service visit, later a
-- case or a hotline order). The rater is kept only as a one-way hash; the
-- phone only when the rater agreed to be called back.
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  subject_kind TEXT NOT NULL,         -- ticket | online | case | hotline
  subject_id TEXT NOT NULL,
  subject_label TEXT,                 -- a ticket's number (A012), the item's name
  rater_key TEXT,                     -- BLAKE2b of the rater's identity; NULL for a default rating
  level INTEGER NOT NULL REFERENCES rating_levels(level),
  score INTEGER NOT NULL,
  indicators TEXT NOT NULL DEFAULT '{}',
  tags TEXT NOT NULL DEFAULT '[]',
  comment TEXT,
  active INTEGER NOT NULL,            -- 1 主动评价, 0 未主动评价 (the default)
  source TEXT NOT NULL,               -- evaluator | qr | web | default | seed | fixture
  callback_consent INTEGER NOT NULL DEFAULT 0,
  callback_phone TEXT,
  addition TEXT,                      -- 追评, once
  addition_at INTEGER,
  excluded INTEGER NOT NULL DEFAULT 0, -- an upheld appeal: kept, not counted
  channel INTEGER NOT NULL,           -- 1 窗口服务 2 网上办事 3 办件 4 12345
  hall_id INTEGER,
  window_id INTEGER,
  staff_id INTEGER,
  department_id INTEGER,
  item_id INTEGER,
  region_id INTEGER,
  day TEXT NOT NULL,                  -- the service's day: figures book it there
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (subject_kind, subject_id)
);
CREATE INDEX ratings_day ON ratings(day, id);
-- The bad ones (the public disclosure, the lists of bad reviews).
CREATE INDEX ratings_bad ON ratings(day) WHERE level >= 4;

-- The closed loop of a bad rating: verifying → rectifying → awaiting_callback
-- → closed. Mode 立行立改 (immediate), 限期整改 (deadline, with due_date) or
-- 解释说明 (explain). verify_due is NULL when the calendar lacked the year.
CREATE TABLE rating_rectifications (
  id INTEGER PRIMARY KEY,
  rating_id INTEGER NOT NULL UNIQUE REFERENCES ratings(id),
  department_id INTEGER,
  region_id INTEGER,
  hall_id INTEGER,
  state TEXT NOT NULL,
  verify_due TEXT,
  verified_at INTEGER,
  verified_by INTEGER,
  finding TEXT,
  mode TEXT,
  due_date TEXT,
  measures TEXT,
  rectified_at INTEGER,
  callback_at INTEGER,
  callback_by INTEGER,
  callback_reached INTEGER,
  callback_fixed INTEGER,
  callback_satisfied INTEGER,
  callback_note TEXT,
  closed_at INTEGER,
  closed_by INTEGER,
  outcome TEXT,                       -- rectified | appeal_upheld
  day TEXT NOT NULL,                  -- the rating's day (rollups)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rating_rectifications_department ON rating_rectifications(department_id, state);
CREATE INDEX rating_rectifications_state ON rating_rectifications(state, verify_due);

-- A department's appeal (申诉) of a bad rating: one per rating.
CREATE TABLE rating_appeals (
  id INTEGER PRIMARY KEY,
  rating_id INTEGER NOT NULL UNIQUE REFERENCES ratings(id),
  rectification_id INTEGER NOT NULL REFERENCES rating_rectifications(id),
  department_id INTEGER,
  region_id INTEGER,
  reason TEXT NOT NULL,
  evidence TEXT NOT NULL,
  attachment TEXT,                    -- a reference to an uploaded file
  state TEXT NOT NULL,                -- pending | upheld | rejected
  filed_by INTEGER,
  filed_at INTEGER NOT NULL,
  decided_by INTEGER,
  decided_at INTEGER,
  decision_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rating_appeals_state ON rating_appeals(state, filed_at);

-- Figures per day and dimension (hall, channel, window, staff, department,
-- item; the total is the sum of the channels), kept current in the
-- transaction of every change, so the figures never read ratings.
-- `finished` counts finished services (the coverage denominator); the rest
-- count non-excluded ratings and the rectification progress of their bad
-- ones. All but hall and channel (few groups) are kept per month too, so
-- that a year's figures read twelve rows per group.
CREATE TABLE rating_rollup (
  dim_kind TEXT NOT NULL,
  day TEXT NOT NULL,
  dim_id INTEGER NOT NULL,
  finished INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  covered INTEGER NOT NULL DEFAULT 0,  -- rated services that `finished` counts
  active INTEGER NOT NULL DEFAULT 0,
  active_good INTEGER NOT NULL DEFAULT 0,
  l1 INTEGER NOT NULL DEFAULT 0,
  l2 INTEGER NOT NULL DEFAULT 0,
  l3 INTEGER NOT NULL DEFAULT 0,
  l4 INTEGER NOT NULL DEFAULT 0,
  l5 INTEGER NOT NULL DEFAULT 0,
  score_sum INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  reached INTEGER NOT NULL DEFAULT 0,
  fixed INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  excluded_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dim_kind, day, dim_id)
) WITHOUT ROWID;
CREATE TABLE rating_rollup_month (
  dim_kind TEXT NOT NULL,
  month TEXT NOT NULL,                -- 'YYYY-MM'
  dim_id INTEGER NOT NULL,
  finished INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  covered INTEGER NOT NULL DEFAULT 0,  -- rated services that `finished` counts
  active INTEGER NOT NULL DEFAULT 0,
  active_good INTEGER NOT NULL DEFAULT 0,
  l1 INTEGER NOT NULL DEFAULT 0,
  l2 INTEGER NOT NULL DEFAULT 0,
  l3 INTEGER NOT NULL DEFAULT 0,
  l4 INTEGER NOT NULL DEFAULT 0,
  l5 INTEGER NOT NULL DEFAULT 0,
  score_sum INTEGER NOT NULL DEFAULT 0,
  replied INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  reached INTEGER NOT NULL DEFAULT 0,
  fixed INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  excluded_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dim_kind, month, dim_id)
) WITHOUT ROWID;

-- Finished window services: the queue finishes a ticket (or the history
-- simulation inserts one finished); each counts once per dimension of its
-- day. A ticket's department is its item's, else the serving clerk's (the
-- same rule the rating of a ticket uses, so coverage compares like with
-- like); its item is the first it names.
CREATE TRIGGER tickets_rating_finished_upd AFTER UPDATE OF status ON tickets
WHEN NEW.status = 'done' AND OLD.status <> 'done'
BEGIN
  INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
  SELECT k, NEW.day, v, 1 FROM (
    SELECT 'hall' AS k, NEW.hall_id AS v
    UNION ALL SELECT 'channel', 1
    UNION ALL SELECT 'window', NEW.window_id
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', COALESCE(
      (SELECT department_id FROM items WHERE id = CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER)),
      (SELECT department_id FROM staff WHERE id = NEW.staff_id))
    UNION ALL SELECT 'item', CASE WHEN length(NEW.item_ids) > 2
      THEN CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER) END
  ) WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, day, dim_id) DO UPDATE SET finished = finished + 1;
  INSERT INTO rating_rollup_month (dim_kind, month, dim_id, finished)
  SELECT k, substr(NEW.day, 1, 7), v, 1 FROM (
    SELECT 'window' AS k, NEW.window_id AS v
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', COALESCE(
      (SELECT department_id FROM items WHERE id = CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER)),
      (SELECT department_id FROM staff WHERE id = NEW.staff_id))
    UNION ALL SELECT 'item', CASE WHEN length(NEW.item_ids) > 2
      THEN CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER) END
  ) WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, month, dim_id) DO UPDATE SET finished = finished + 1;
END;
CREATE TRIGGER tickets_rating_finished_ins AFTER INSERT ON tickets
WHEN NEW.status = 'done'
BEGIN
  INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
  SELECT k, NEW.day, v, 1 FROM (
    SELECT 'hall' AS k, NEW.hall_id AS v
    UNION ALL SELECT 'channel', 1
    UNION ALL SELECT 'window', NEW.window_id
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', COALESCE(
      (SELECT department_id FROM items WHERE id = CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER)),
      (SELECT department_id FROM staff WHERE id = NEW.staff_id))
    UNION ALL SELECT 'item', CASE WHEN length(NEW.item_ids) > 2
      THEN CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER) END
  ) WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, day, dim_id) DO UPDATE SET finished = finished + 1;
  INSERT INTO rating_rollup_month (dim_kind, month, dim_id, finished)
  SELECT k, substr(NEW.day, 1, 7), v, 1 FROM (
    SELECT 'window' AS k, NEW.window_id AS v
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', COALESCE(
      (SELECT department_id FROM items WHERE id = CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER)),
      (SELECT department_id FROM staff WHERE id = NEW.staff_id))
    UNION ALL SELECT 'item', CASE WHEN length(NEW.item_ids) > 2
      THEN CAST(substr(NEW.item_ids, 2, instr(substr(NEW.item_ids, 2), ',') - 1) AS INTEGER) END
  ) WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, month, dim_id) DO UPDATE SET finished = finished + 1;
END;

-- Services finished before this migration: per hall and channel from the
-- queue's hourly rollup, the finer dimensions from the tickets (once).
INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
SELECT 'hall', day, hall_id, SUM(served) FROM queue_hourly GROUP BY day, hall_id HAVING SUM(served) > 0;
INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
SELECT 'channel', day, 1, SUM(served) FROM queue_hourly GROUP BY day HAVING SUM(served) > 0;
INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
SELECT 'window', day, window_id, COUNT(*) FROM tickets WHERE status = 'done' AND window_id IS NOT NULL
GROUP BY day, window_id;
INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
SELECT 'staff', day, staff_id, COUNT(*) FROM tickets WHERE status = 'done' AND staff_id IS NOT NULL
GROUP BY day, staff_id;
INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
SELECT 'department', day, dep, COUNT(*) FROM (
  SELECT t.day, COALESCE(
    (SELECT department_id FROM items WHERE id = CAST(substr(t.item_ids, 2, instr(substr(t.item_ids, 2), ',') - 1) AS INTEGER)),
    (SELECT department_id FROM staff WHERE id = t.staff_id)) AS dep
  FROM tickets t WHERE t.status = 'done') WHERE dep IS NOT NULL
GROUP BY day, dep;
INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
SELECT 'item', day, it, COUNT(*) FROM (
  SELECT day, CAST(substr(item_ids, 2, instr(substr(item_ids, 2), ',') - 1) AS INTEGER) AS it
  FROM tickets WHERE status = 'done' AND length(item_ids) > 2)
GROUP BY day, it;

INSERT INTO rating_rollup_month (dim_kind, month, dim_id, finished)
SELECT dim_kind, substr(day, 1, 7), dim_id, SUM(finished) FROM rating_rollup WHERE dim_kind IN ('window', 'staff', 'department', 'item')
GROUP BY dim_kind, substr(day, 1, 7), dim_id;

-- Where the default-rating sweep has got to: the last day whose finished
-- tickets it has dealt with. Tickets served before ratings existed get no
-- default rating: it starts after the last day with tickets.
CREATE TABLE rating_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO rating_state (key, value) VALUES ('sweep_day', COALESCE((SELECT MAX(day) FROM tickets), ''));
