-- Finished services rated after the fact (一事一评): a case whose handling
-- has ended (delivered, or refused at intake) and a 12345 work order when it
-- first closes. Triggers on cases and hotline_orders write one row per
-- service as it ends, so that (1) the ratings' coverage counts them as
-- finished (the trigger on this table books them to the rollups, as the
-- tickets' trigger does for window services) and (2) the default sweep
-- finds a day's unrated services without scanning cases or orders. The
-- dimensions are the ones the rating of the service books to
-- (src/domain/rating_subject.c): keep the two in step.
CREATE TABLE rating_services (
  subject_kind TEXT NOT NULL,          -- case | hotline
  subject_id TEXT NOT NULL,
  subject_label TEXT,                  -- the case or order number
  day TEXT NOT NULL,                   -- local day the service ended
  finished_at INTEGER NOT NULL,
  channel INTEGER NOT NULL,            -- 3 办件, 4 12345
  hall_id INTEGER,
  window_id INTEGER,
  staff_id INTEGER,
  department_id INTEGER,
  item_id INTEGER,
  region_id INTEGER,
  PRIMARY KEY (subject_kind, subject_id)
);
CREATE INDEX rating_services_day ON rating_services(day);

CREATE TRIGGER rating_services_finished AFTER INSERT ON rating_services
BEGIN
  INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
  SELECT k, NEW.day, v, 1 FROM (
    SELECT 'hall' AS k, NEW.hall_id AS v
    UNION ALL SELECT 'channel', NEW.channel
    UNION ALL SELECT 'window', NEW.window_id
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', NEW.department_id
    UNION ALL SELECT 'item', NEW.item_id
  ) WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, day, dim_id) DO UPDATE SET finished = finished + 1;
  INSERT INTO rating_rollup_month (dim_kind, month, dim_id, finished)
  SELECT k, substr(NEW.day, 1, 7), v, 1 FROM (
    SELECT 'window' AS k, NEW.window_id AS v
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', NEW.department_id
    UNION ALL SELECT 'item', NEW.item_id
  ) WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, month, dim_id) DO UPDATE SET finished = finished + 1;
END;

-- A case ends when its result reaches the applicant (delivered) or when it
-- is refused at intake (not_accepted). Asia/Shanghai has no daylight saving:
-- the local day is UTC + 8 hours.
CREATE TRIGGER cases_rating_service_upd AFTER UPDATE OF state ON cases
WHEN NEW.state IN ('delivered', 'not_accepted') AND OLD.state NOT IN ('delivered', 'not_accepted')
BEGIN
  INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                               window_id, staff_id, department_id, item_id, region_id)
  VALUES ('case', CAST(NEW.id AS TEXT), NEW.case_no,
          date(COALESCE(NEW.delivered_at, NEW.decided_at, NEW.updated_at) / 1000, 'unixepoch', '+8 hours'),
          COALESCE(NEW.delivered_at, NEW.decided_at, NEW.updated_at), 3, NEW.hall_id, NEW.window_id,
          NEW.staff_id, NEW.department_id, NEW.item_id, NEW.region_id)
  ON CONFLICT (subject_kind, subject_id) DO NOTHING;
END;
CREATE TRIGGER cases_rating_service_ins AFTER INSERT ON cases
WHEN NEW.state IN ('delivered', 'not_accepted')
BEGIN
  INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                               window_id, staff_id, department_id, item_id, region_id)
  VALUES ('case', CAST(NEW.id AS TEXT), NEW.case_no,
          date(COALESCE(NEW.delivered_at, NEW.decided_at, NEW.updated_at) / 1000, 'unixepoch', '+8 hours'),
          COALESCE(NEW.delivered_at, NEW.decided_at, NEW.updated_at), 3, NEW.hall_id, NEW.window_id,
          NEW.staff_id, NEW.department_id, NEW.item_id, NEW.region_id)
  ON CONFLICT (subject_kind, subject_id) DO NOTHING;
END;

-- A work order counts when it first closes (a reopened order is one
-- service); an anonymous order has nobody who could rate it.
CREATE TRIGGER hotline_rating_service_upd AFTER UPDATE OF state ON hotline_orders
WHEN NEW.state = 'closed' AND OLD.state <> 'closed' AND NEW.anonymous = 0 AND COALESCE(NEW.caller_phone, '') <> ''
BEGIN
  INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                               window_id, staff_id, department_id, item_id, region_id)
  VALUES ('hotline', CAST(NEW.id AS TEXT), NEW.order_no,
          date(COALESCE(NEW.closed_at, NEW.updated_at) / 1000, 'unixepoch', '+8 hours'),
          COALESCE(NEW.closed_at, NEW.updated_at), 4, NULL, NULL, NULL, NEW.lead_department_id, NULL,
          NEW.region_id)
  ON CONFLICT (subject_kind, subject_id) DO NOTHING;
END;
CREATE TRIGGER hotline_rating_service_ins AFTER INSERT ON hotline_orders
WHEN NEW.state = 'closed' AND NEW.anonymous = 0 AND COALESCE(NEW.caller_phone, '') <> ''
BEGIN
  INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                               window_id, staff_id, department_id, item_id, region_id)
  VALUES ('hotline', CAST(NEW.id AS TEXT), NEW.order_no,
          date(COALESCE(NEW.closed_at, NEW.updated_at) / 1000, 'unixepoch', '+8 hours'),
          COALESCE(NEW.closed_at, NEW.updated_at), 4, NULL, NULL, NULL, NEW.lead_department_id, NULL,
          NEW.region_id)
  ON CONFLICT (subject_kind, subject_id) DO NOTHING;
END;

-- Services that ended before this migration (once; the default sweep's
-- cursor is past their days, so they get no default rating).
INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                             window_id, staff_id, department_id, item_id, region_id)
SELECT 'case', CAST(id AS TEXT), case_no,
       date(COALESCE(delivered_at, decided_at, updated_at) / 1000, 'unixepoch', '+8 hours'),
       COALESCE(delivered_at, decided_at, updated_at), 3, hall_id, window_id, staff_id, department_id,
       item_id, region_id
FROM cases WHERE state IN ('delivered', 'not_accepted');
INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                             window_id, staff_id, department_id, item_id, region_id)
SELECT 'hotline', CAST(id AS TEXT), order_no, date(COALESCE(closed_at, updated_at) / 1000, 'unixepoch', '+8 hours'),
       COALESCE(closed_at, updated_at), 4, NULL, NULL, NULL, lead_department_id, NULL, region_id
FROM hotline_orders WHERE state = 'closed' AND anonymous = 0 AND COALESCE(caller_phone, '') <> '';
