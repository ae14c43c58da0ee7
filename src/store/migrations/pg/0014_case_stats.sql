-- Case statistics (办件统计): a daily rollup kept current by every case
-- action, in the action's transaction (src/domain/case_stats.c), so the
-- figures never scan the cases. docs/cases.md "Statistics".
--
-- A case is booked on one row: the local day it was accepted (受理) — or,
-- not accepted, the day it was taken in — under the item, the competent
-- department, the hall, the window and the clerk who took it in (0: none).
-- Later events of the case (the decision, the delivery) are added to the
-- same row, so "accepted in the period" and "of those, finished" come from
-- one sum and the 办结率 of a period is never above 100 %.
CREATE TABLE case_stats_daily (
  day TEXT NOT NULL,
  item_id BIGINT NOT NULL,
  department_id BIGINT NOT NULL,
  hall_id BIGINT NOT NULL,
  window_id BIGINT NOT NULL,
  staff_id BIGINT NOT NULL,
  region_id BIGINT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,      -- taken in (any outcome), on the day taken in
  not_accepted BIGINT NOT NULL DEFAULT 0,  -- 不予受理
  accepted BIGINT NOT NULL DEFAULT 0,      -- 受理 (容缺 included)
  tolerant BIGINT NOT NULL DEFAULT 0,      -- of them 容缺受理
  finished BIGINT NOT NULL DEFAULT 0,      -- 办结: decided, approved or rejected
  approved BIGINT NOT NULL DEFAULT 0,
  rejected BIGINT NOT NULL DEFAULT 0,
  on_time BIGINT NOT NULL DEFAULT 0,       -- decided by the promised due date
  late BIGINT NOT NULL DEFAULT 0,          -- decided after it
  within_statutory BIGINT NOT NULL DEFAULT 0,
  timed BIGINT NOT NULL DEFAULT 0,         -- finished with a measured handling time
  used_days BIGINT NOT NULL DEFAULT 0,     -- working days used (pauses excluded), over `timed`
  promised_days BIGINT NOT NULL DEFAULT 0, -- promised limit + extension, over `timed`
  delivered BIGINT NOT NULL DEFAULT 0,     -- result reached the applicant
  PRIMARY KEY (day, item_id, department_id, hall_id, window_id, staff_id)
);
CREATE INDEX case_stats_department ON case_stats_daily(department_id, day);
CREATE INDEX case_stats_hall ON case_stats_daily(hall_id, day);

-- The department inbox's count of open steps, kept by triggers on
-- case_steps: the inbox page reads one row instead of counting every open
-- step of the department (thousands with a million cases in the store,
-- most of the page's cost). Steps are inserted open, opened, claimed,
-- finished, cancelled and transferred by several case actions (and bulk
-- by the fixture); a trigger sees every one of them.
CREATE TABLE case_inbox_counts (
  department_id BIGINT PRIMARY KEY,
  open BIGINT NOT NULL DEFAULT 0
);
INSERT INTO case_inbox_counts (department_id, open)
  SELECT department_id, COUNT(*) FROM case_steps WHERE state IN ('active', 'claimed') GROUP BY department_id;
CREATE FUNCTION case_inbox_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN ('active', 'claimed') THEN
    UPDATE case_inbox_counts SET open = open - 1 WHERE department_id = OLD.department_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state IN ('active', 'claimed') THEN
    INSERT INTO case_inbox_counts (department_id, open) VALUES (NEW.department_id, 1)
    ON CONFLICT (department_id) DO UPDATE SET open = case_inbox_counts.open + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_steps_inbox_insert AFTER INSERT OR DELETE ON case_steps
FOR EACH ROW EXECUTE FUNCTION case_inbox_count();
CREATE TRIGGER case_steps_inbox_update AFTER UPDATE OF state, department_id ON case_steps
FOR EACH ROW WHEN ((OLD.state IN ('active', 'claimed')) IS DISTINCT FROM (NEW.state IN ('active', 'claimed'))
  OR OLD.department_id <> NEW.department_id)
EXECUTE FUNCTION case_inbox_count();
