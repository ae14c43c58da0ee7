-- A ticket is for one day: the waiting-ticket lookups (call next, people
-- ahead, waiting counts) all name the day, so it joins the index between
-- the status and the class ranges they count.
DROP INDEX tickets_waiting;
CREATE INDEX tickets_waiting ON tickets(queue_id, status, day, klass, sort_at);
