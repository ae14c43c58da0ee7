-- Cases (办件): intake, the back-office steps, clocks, results and delivery.
-- docs/cases.md describes the states and the clocks. Times are UTC epoch
-- milliseconds; dates of the working-day clocks are civil dates
-- 'YYYY-MM-DD' in Asia/Shanghai (they sort as text).

-- The last case number of a region and day: one upsert per case, in the
-- intake transaction, so numbers are unique and gap-free.
CREATE TABLE case_counters (
  region_id INTEGER NOT NULL REFERENCES regions(id),
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (region_id, day)
);

-- Who may approve an extension (行政许可法第42条 "本行政机关负责人"): the
-- heads of a department, each an approver of that department.
CREATE TABLE department_heads (
  department_id INTEGER NOT NULL REFERENCES departments(id),
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (department_id, staff_id)
);

-- One row per application. The item version it was taken under never
-- changes; the clocks are kept as their inputs (accepted_on, days,
-- extension, paused days) and their results (due dates), so a due date can
-- always be computed again from the calendar.
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  case_no TEXT NOT NULL UNIQUE,
  item_id INTEGER NOT NULL REFERENCES items(id),
  item_version INTEGER NOT NULL,
  item_version_id INTEGER NOT NULL REFERENCES item_versions(id),
  item_code TEXT NOT NULL,
  item_name TEXT NOT NULL,
  handling_type TEXT NOT NULL,
  region_id INTEGER NOT NULL REFERENCES regions(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  hall_id INTEGER REFERENCES halls(id),
  window_id INTEGER REFERENCES windows(id),
  staff_id INTEGER,
  ticket_id INTEGER,
  channel TEXT NOT NULL,                -- window | online
  applicant_kind TEXT NOT NULL,         -- person | enterprise
  applicant_name TEXT NOT NULL,
  applicant_id TEXT NOT NULL,           -- resident ID number or credit code
  applicant_phone TEXT NOT NULL,
  legal_rep TEXT,
  agent_name TEXT,
  agent_id TEXT,
  agent_phone TEXT,
  state TEXT NOT NULL,
  outcome TEXT,                         -- approved | rejected | not_accepted
  outcome_reason TEXT,
  redirect TEXT,                        -- 不予受理: where to go instead
  tolerant INTEGER NOT NULL DEFAULT 0,  -- 容缺受理
  commitment TEXT,
  supply_due TEXT,                      -- 容缺: materials due by this date
  supply_level TEXT NOT NULL DEFAULT 'none',
  statutory_days INTEGER NOT NULL,
  promised_days INTEGER NOT NULL,
  extension_days INTEGER NOT NULL DEFAULT 0,
  extension_state TEXT,                 -- requested | approved | refused
  extension_requested INTEGER NOT NULL DEFAULT 0,
  extension_reason TEXT,
  extension_department_id INTEGER,
  paused_days INTEGER NOT NULL DEFAULT 0,
  pause_kind TEXT,                      -- the open pause, if any
  paused_on TEXT,
  received_at INTEGER NOT NULL,
  accepted_at INTEGER,
  accepted_on TEXT,
  due_promised TEXT,
  due_statutory TEXT,
  decided_at INTEGER,
  decided_on TEXT,
  delivery_due TEXT,
  delivered_at INTEGER,
  warn_level TEXT NOT NULL DEFAULT 'none', -- none | yellow | red, as the sweep last saw it
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX cases_state ON cases(state, id);
CREATE INDEX cases_hall ON cases(hall_id, received_at);
CREATE INDEX cases_department ON cases(department_id, received_at);
CREATE INDEX cases_phone ON cases(applicant_phone);
CREATE INDEX cases_agent_phone ON cases(agent_phone);
-- Supervisors' yellow and red lists: only the few warned cases are indexed.
CREATE INDEX cases_warned ON cases(warn_level, department_id) WHERE warn_level <> 'none';

-- The checklist of the item version, one row per material, as received.
CREATE TABLE case_materials (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,                 -- index in the item version's materials
  name TEXT NOT NULL,
  required INTEGER NOT NULL,
  role TEXT NOT NULL,                   -- main | secondary
  form TEXT,                            -- paper_original | paper_copy | upload | elicence
  count INTEGER NOT NULL DEFAULT 0,
  file_ref TEXT,
  elicence_ref TEXT,
  trust_level TEXT,                     -- A | B | C | D
  status TEXT NOT NULL,                 -- ok | missing | defective
  reason TEXT,
  due TEXT,                             -- 容缺: supply by
  updated_at INTEGER NOT NULL,
  UNIQUE (case_id, seq)
);

-- One row per process step per round (a step sent back for 补正 is done
-- again in a new round). Stages run one after another; the steps of a
-- parallel group share a stage and all must finish.
CREATE TABLE case_steps (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  round INTEGER NOT NULL,
  stage INTEGER NOT NULL,
  kind TEXT NOT NULL,                   -- intake | review | issue
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  parallel_group TEXT,
  state TEXT NOT NULL,                  -- pending | active | claimed | done | rejected | returned | cancelled
  claimed_by INTEGER,
  claimed_name TEXT,
  limit_days INTEGER NOT NULL,
  activated_at INTEGER,
  activated_on TEXT,
  paused_days INTEGER NOT NULL DEFAULT 0,
  due TEXT,
  finished_at INTEGER,
  finished_by INTEGER,
  opinion TEXT,
  warn_level TEXT NOT NULL DEFAULT 'none',
  version INTEGER NOT NULL,
  UNIQUE (case_id, seq, round)
);
CREATE INDEX case_steps_case ON case_steps(case_id, seq, round);
-- The department inbox: open steps by deadline. Partial, so it holds the
-- open steps only, however many finished ones the table keeps.
CREATE INDEX case_steps_inbox ON case_steps(department_id, due, id) WHERE state IN ('active', 'claimed');

-- The timeline: every change with who, when and why. The public progress
-- page shows type, state, time and department only.
CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  actor_id INTEGER,
  actor_name TEXT,
  department_id INTEGER,
  step_id INTEGER,
  reason TEXT,
  detail TEXT
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Stopped clocks: 补正 (returned to the applicant) and the special
-- procedures of 行政许可法第45条. days: working days excluded once closed.
CREATE TABLE case_pauses (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,                   -- supplement | hearing | inspection | testing | expert_review
  step_id INTEGER,
  reason TEXT,
  from_at INTEGER NOT NULL,
  from_on TEXT NOT NULL,
  to_at INTEGER,
  to_on TEXT,
  days INTEGER
);
CREATE INDEX case_pauses_case ON case_pauses(case_id, id);

-- Result documents (licence, approval, decision of refusal …).
CREATE TABLE case_results (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  number TEXT,
  created_by INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX case_results_case ON case_results(case_id);

-- How the result reaches the applicant: at the window at once (即办件),
-- pickup at any issuing window of the region with a code (only its hash is
-- kept), or by post with a tracking number and a confirmation.
CREATE TABLE case_deliveries (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  method TEXT NOT NULL,                 -- window | pickup | post
  state TEXT NOT NULL,                  -- pending | shipped | done
  code_hash TEXT,
  recipient TEXT,
  phone TEXT,
  address TEXT,
  carrier TEXT,
  tracking_no TEXT,
  hall_id INTEGER,
  window_id INTEGER,
  staff_id INTEGER,
  collector_name TEXT,
  collector_id TEXT,                    -- masked
  created_at INTEGER NOT NULL,
  shipped_at INTEGER,
  done_at INTEGER
);
CREATE INDEX case_deliveries_case ON case_deliveries(case_id);
-- A pending pickup is found by its code.
CREATE UNIQUE INDEX case_deliveries_code ON case_deliveries(code_hash) WHERE state = 'pending';
