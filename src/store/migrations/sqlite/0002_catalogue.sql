-- The service catalogue (一码管理): items, their versions, and the index the
-- search, the filters and the KPIs read. docs/catalogue-format.md says why
-- it is cut this way. Times are UTC epoch milliseconds.

-- One row per item: its identity (implementation code within a region),
-- where it sits for scope checks, its life-cycle state and which versions
-- are in force. `revision` moves on every change (optimistic locking).
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  region_id INTEGER NOT NULL REFERENCES regions(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  status TEXT NOT NULL,               -- draft | published | retired
  current_version INTEGER,            -- the published version in force
  draft_version INTEGER,              -- the open draft, if any
  latest_version INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (region_id, code)
);
CREATE INDEX items_department ON items(department_id);

-- Every version ever made. The content is the canonical JSON of the item;
-- the scalar columns beside it are what the KPIs aggregate. A version's
-- content is frozen once it leaves draft (trigger below): a case that
-- refers to (item_id, version) reads exactly what it was accepted under.
CREATE TABLE item_versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL,               -- draft | published | superseded | retired
  content TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  region_id INTEGER NOT NULL REFERENCES regions(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  handling_type TEXT NOT NULL,
  online_depth INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  online INTEGER NOT NULL,            -- 'online' is one of handling_forms
  in_hall INTEGER NOT NULL,           -- handled in at least one hall
  comprehensive INTEGER NOT NULL,     -- taken at a hall's comprehensive windows
  statutory_limit_days INTEGER NOT NULL,
  promised_limit_days INTEGER NOT NULL,
  created_by INTEGER,
  created_by_name TEXT,
  source TEXT NOT NULL,               -- api | import | seed
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  published_at INTEGER,
  ended_at INTEGER,                   -- superseded or retired
  UNIQUE (item_id, version)
);
CREATE TRIGGER item_versions_frozen BEFORE UPDATE OF content ON item_versions
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'a published item version is immutable'); END;
CREATE TRIGGER item_versions_kept BEFORE DELETE ON item_versions
BEGIN SELECT RAISE(ABORT, 'item versions are kept'); END;

-- Where a version can be handled (hall filter, 进驻率, 综窗率) and its
-- themes (theme filter, theme list).
CREATE TABLE item_halls (
  version_id INTEGER NOT NULL REFERENCES item_versions(id),
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  comprehensive INTEGER NOT NULL,
  PRIMARY KEY (version_id, hall_id)
);
CREATE INDEX item_halls_hall ON item_halls(hall_id);
CREATE TABLE item_themes (
  version_id INTEGER NOT NULL REFERENCES item_versions(id),
  theme TEXT NOT NULL,
  PRIMARY KEY (version_id, theme)
);
CREATE INDEX item_themes_theme ON item_themes(theme);

-- The search index: only the versions someone can find — each item's
-- published (or retired) version and its open draft, at most two rows per
-- item. `head` marks the one staff see first (the draft when there is one).
-- search_text is lower-cased name, code, themes, departments, materials and
-- result, matched by FTS5 trigrams here and pg_trgm on PostgreSQL.
CREATE TABLE item_search (
  version_id INTEGER PRIMARY KEY REFERENCES item_versions(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL,               -- published | draft | retired
  head INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  region_id INTEGER NOT NULL,
  department_id INTEGER NOT NULL,
  department TEXT NOT NULL,
  service_objects TEXT NOT NULL,      -- ",person,legal_person,"
  themes TEXT NOT NULL,               -- JSON array, for the list
  handling_type TEXT NOT NULL,
  online_depth INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  promised_limit_days INTEGER NOT NULL,
  search_text TEXT NOT NULL,
  bigrams TEXT NOT NULL               -- every pair of adjacent letters of search_text
);
-- The view (status for the public, head for staff) and the code give the
-- filter and the order of a page; the other columns make the indexes
-- cover the filters, so a count reads no table rows.
CREATE INDEX item_search_status ON item_search(status, code, department_id, region_id, type,
  online_depth, service_objects);
CREATE INDEX item_search_head ON item_search(head, code, department_id, region_id, type,
  online_depth, service_objects);
CREATE INDEX item_search_item ON item_search(item_id);

-- SQLite only: full-text indexes over item_search (external content,
-- kept in step by triggers). Trigrams find words of three characters or
-- more; a trigram cannot match a two-character word such as 落户, so the
-- bigrams column lists every pair of adjacent letters as a word of its own,
-- and a two-character word is one token lookup there. PostgreSQL has GIN
-- indexes on the same two columns instead.
CREATE VIRTUAL TABLE item_fts USING fts5(search_text, content='item_search',
  content_rowid='version_id', tokenize='trigram');
-- A bigram is looked up alone, never as part of a phrase: no positions
-- are kept (detail=none), which makes the index small and cheap to fill.
CREATE VIRTUAL TABLE item_bigrams USING fts5(bigrams, content='item_search',
  content_rowid='version_id', tokenize='unicode61 remove_diacritics 0', detail=none);
CREATE TRIGGER item_search_ins AFTER INSERT ON item_search
BEGIN
  INSERT INTO item_fts(rowid, search_text) VALUES (new.version_id, new.search_text);
  INSERT INTO item_bigrams(rowid, bigrams) VALUES (new.version_id, new.bigrams);
END;
CREATE TRIGGER item_search_del AFTER DELETE ON item_search
BEGIN
  INSERT INTO item_fts(item_fts, rowid, search_text) VALUES ('delete', old.version_id, old.search_text);
  INSERT INTO item_bigrams(item_bigrams, rowid, bigrams) VALUES ('delete', old.version_id, old.bigrams);
END;
CREATE TRIGGER item_search_upd AFTER UPDATE OF search_text, bigrams ON item_search
BEGIN
  INSERT INTO item_fts(item_fts, rowid, search_text) VALUES ('delete', old.version_id, old.search_text);
  INSERT INTO item_fts(rowid, search_text) VALUES (new.version_id, new.search_text);
  INSERT INTO item_bigrams(item_bigrams, rowid, bigrams) VALUES ('delete', old.version_id, old.bigrams);
  INSERT INTO item_bigrams(rowid, bigrams) VALUES (new.version_id, new.bigrams);
END;

-- Moves on every catalogue change, so that caches of search results in
-- any server instance (or a CLI import in another process) go stale.
CREATE TABLE catalogue_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO catalogue_state (id, generation) VALUES (1, 0);
