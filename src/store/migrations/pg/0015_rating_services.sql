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
  finished_at BIGINT NOT NULL,
  channel INTEGER NOT NULL,            -- 3 办件, 4 12345
  hall_id BIGINT,
  window_id BIGINT,
  staff_id BIGINT,
  department_id BIGINT,
  item_id BIGINT,
  region_id BIGINT,
  PRIMARY KEY (subject_kind, subject_id)
);
CREATE INDEX rating_services_day ON rating_services(day);

CREATE FUNCTION rating_services_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rating_rollup (dim_kind, day, dim_id, finished)
  SELECT k, NEW.day, v, 1 FROM (
    SELECT 'hall' AS k, NEW.hall_id AS v
    UNION ALL SELECT 'channel', NEW.channel::bigint
    UNION ALL SELECT 'window', NEW.window_id
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', NEW.department_id
    UNION ALL SELECT 'item', NEW.item_id
  ) d WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, day, dim_id) DO UPDATE SET finished = rating_rollup.finished + 1;
  INSERT INTO rating_rollup_month (dim_kind, month, dim_id, finished)
  SELECT k, substr(NEW.day, 1, 7), v, 1 FROM (
    SELECT 'window' AS k, NEW.window_id AS v
    UNION ALL SELECT 'staff', NEW.staff_id
    UNION ALL SELECT 'department', NEW.department_id
    UNION ALL SELECT 'item', NEW.item_id
  ) d WHERE v IS NOT NULL
  ON CONFLICT (dim_kind, month, dim_id) DO UPDATE SET finished = rating_rollup_month.finished + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER rating_services_finished AFTER INSERT ON rating_services
FOR EACH ROW EXECUTE FUNCTION rating_services_finished();

-- The local day of an instant in milliseconds.
CREATE FUNCTION rating_local_day(ms BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(to_timestamp(ms / 1000.0) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
$$;

-- A case ends when its result reaches the applicant (delivered) or when it
-- is refused at intake (not_accepted).
CREATE FUNCTION cases_rating_service() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at BIGINT := COALESCE(NEW.delivered_at, NEW.decided_at, NEW.updated_at);
BEGIN
  IF NEW.state NOT IN ('delivered', 'not_accepted') OR
     (TG_OP = 'UPDATE' AND OLD.state IN ('delivered', 'not_accepted')) THEN
    RETURN NULL;
  END IF;
  INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                               window_id, staff_id, department_id, item_id, region_id)
  VALUES ('case', NEW.id::text, NEW.case_no, rating_local_day(at), at, 3, NEW.hall_id, NEW.window_id,
          NEW.staff_id, NEW.department_id, NEW.item_id, NEW.region_id)
  ON CONFLICT (subject_kind, subject_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER cases_rating_service_upd AFTER UPDATE OF state ON cases
FOR EACH ROW EXECUTE FUNCTION cases_rating_service();
CREATE TRIGGER cases_rating_service_ins AFTER INSERT ON cases
FOR EACH ROW EXECUTE FUNCTION cases_rating_service();

-- A work order counts when it first closes (a reopened order is one
-- service); an anonymous order has nobody who could rate it.
CREATE FUNCTION hotline_rating_service() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at BIGINT := COALESCE(NEW.closed_at, NEW.updated_at);
BEGIN
  IF NEW.state <> 'closed' OR (TG_OP = 'UPDATE' AND OLD.state = 'closed') OR NEW.anonymous <> 0 OR
     COALESCE(NEW.caller_phone, '') = '' THEN
    RETURN NULL;
  END IF;
  INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                               window_id, staff_id, department_id, item_id, region_id)
  VALUES ('hotline', NEW.id::text, NEW.order_no, rating_local_day(at), at, 4, NULL, NULL, NULL,
          NEW.lead_department_id, NULL, NEW.region_id)
  ON CONFLICT (subject_kind, subject_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER hotline_rating_service_upd AFTER UPDATE OF state ON hotline_orders
FOR EACH ROW EXECUTE FUNCTION hotline_rating_service();
CREATE TRIGGER hotline_rating_service_ins AFTER INSERT ON hotline_orders
FOR EACH ROW EXECUTE FUNCTION hotline_rating_service();

-- Services that ended before this migration (once; the default sweep's
-- cursor is past their days, so they get no default rating).
INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                             window_id, staff_id, department_id, item_id, region_id)
SELECT 'case', id::text, case_no, rating_local_day(COALESCE(delivered_at, decided_at, updated_at)),
       COALESCE(delivered_at, decided_at, updated_at), 3, hall_id, window_id, staff_id, department_id,
       item_id, region_id
FROM cases WHERE state IN ('delivered', 'not_accepted');
INSERT INTO rating_services (subject_kind, subject_id, subject_label, day, finished_at, channel, hall_id,
                             window_id, staff_id, department_id, item_id, region_id)
SELECT 'hotline', id::text, order_no, rating_local_day(COALESCE(closed_at, updated_at)),
       COALESCE(closed_at, updated_at), 4, NULL, NULL, NULL, lead_department_id, NULL, region_id
FROM hotline_orders WHERE state = 'closed' AND anonymous = 0 AND COALESCE(caller_phone, '') <> '';
