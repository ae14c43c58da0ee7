-- Material tracking (物料全流程跟踪): the paper files of a case, each with a
-- printed label (QR code of its label code), and every hand-over between
-- the front desk, the departments, the issuing window and the archive,
-- scanned with who, where and when. docs/cases.md "Paper files".

-- One row per paper file (a folder or bundle of a case's paper materials),
-- holding where it is now. region_id is the case's, so scoped lists need no
-- join through cases; moved_on is the local day of the last hand-over (the
-- "not moved for N working days" list compares it with a cut-off day).
CREATE TABLE case_files (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,                 -- 1, 2 … within the case
  code TEXT NOT NULL UNIQUE,            -- the label code: case number + '-' + seq
  title TEXT NOT NULL,
  pages INTEGER NOT NULL DEFAULT 0,
  region_id INTEGER NOT NULL REFERENCES regions(id),
  stage TEXT NOT NULL,                  -- front_desk | department | issuing | archive
  hall_id INTEGER REFERENCES halls(id),
  window_id INTEGER REFERENCES windows(id),
  department_id INTEGER REFERENCES departments(id),
  holder_id INTEGER,                    -- the staff member who took it last
  holder_name TEXT,
  place TEXT,                           -- free text: a shelf, a cabinet, a box
  moves INTEGER NOT NULL,               -- hand-overs logged so far (the label is 1)
  moved_at INTEGER NOT NULL,
  moved_on TEXT NOT NULL,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (case_id, seq)
);
-- Where-is lists: per holder, per department, per hall and stage, and the
-- files not moved for a while (archived ones are at rest, not idle).
CREATE INDEX case_files_holder ON case_files(holder_id, moved_at) WHERE stage <> 'archive';
CREATE INDEX case_files_department ON case_files(department_id, moved_at) WHERE stage = 'department';
CREATE INDEX case_files_hall ON case_files(hall_id, stage, moved_at);
CREATE INDEX case_files_idle ON case_files(moved_on, id) WHERE stage <> 'archive';

-- The log of a file: one row per hand-over, numbered per file. The unique
-- number is what makes two scans that raced each other log once.
CREATE TABLE case_file_moves (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES case_files(id),
  case_id INTEGER NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  from_stage TEXT,                      -- NULL for the label (the file is made)
  stage TEXT NOT NULL,
  hall_id INTEGER,
  window_id INTEGER,
  department_id INTEGER,
  holder_id INTEGER,
  holder_name TEXT,
  place TEXT,
  note TEXT,
  at INTEGER NOT NULL,
  UNIQUE (file_id, seq)
);
