-- The 12345 knowledge base (知识库): answers agents give from, proposed by
-- departments and approved by the centre (docs/knowledge.md). Times are
-- UTC epoch milliseconds; validity dates are civil dates (YYYY-MM-DD,
-- Asia/Shanghai).
--
-- A search reads up to a thousand candidate rows, filters and ranks
-- them: this table holds what it needs and nothing long (a row is a few
-- hundred bytes, so 50,000 articles fit in the page cache); the body and
-- the search text live in kb_texts.
CREATE TABLE kb_articles (
  id INTEGER PRIMARY KEY,
  state TEXT NOT NULL,                -- draft | proposed | published | rejected | retired
  region_id INTEGER NOT NULL REFERENCES regions(id),
  region_path TEXT NOT NULL,          -- the region's path: the article applies to that subtree
  valid_from TEXT,                    -- NULL: in force since always
  valid_to TEXT,                      -- NULL: until further notice
  category_code TEXT,                 -- a hotline category code (no foreign key: the hotline owns that tree)
  department_id INTEGER NOT NULL REFERENCES departments(id), -- the department that answers for it
  revision_of INTEGER REFERENCES kb_articles(id), -- a proposed change to this published article
  merged_into INTEGER REFERENCES kb_articles(id), -- an approved revision: where its text went
  hits INTEGER NOT NULL DEFAULT 0,    -- times cited in answers (yw_kb_cite)
  version INTEGER NOT NULL,           -- optimistic locking; every change moves it
  last_reviewed_at INTEGER,           -- last approval or review: the stale check
  reviewed_at INTEGER,
  reviewed_by INTEGER,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  reviewed_by_name TEXT,
  created_by_name TEXT,
  review_note TEXT,                   -- the approval note or the reason of a rejection or retirement
  item_codes TEXT NOT NULL,           -- JSON array of catalogue item codes (kb_article_items too)
  title TEXT NOT NULL
);
CREATE INDEX kb_articles_state ON kb_articles(state, updated_at);
CREATE INDEX kb_articles_department ON kb_articles(department_id, state);
CREATE INDEX kb_articles_category ON kb_articles(category_code, state);
-- At most one open revision (draft or proposed) per published article.
CREATE UNIQUE INDEX kb_articles_open_revision ON kb_articles(revision_of)
  WHERE state IN ('draft', 'proposed');

-- The catalogue items an article relates to, for the ?item= filter.
CREATE TABLE kb_article_items (
  article_id INTEGER NOT NULL REFERENCES kb_articles(id),
  item_code TEXT NOT NULL,
  PRIMARY KEY (article_id, item_code)
);
CREATE INDEX kb_article_items_code ON kb_article_items(item_code, article_id);

-- The long texts: the body, and what the search matches (as the
-- catalogue's item_search): search_text is the lower-cased title, category
-- and body; bigrams every pair of adjacent letters of it (two-character
-- words such as 社保, which a trigram cannot match, are one token there).
CREATE TABLE kb_texts (
  article_id INTEGER PRIMARY KEY REFERENCES kb_articles(id),
  body TEXT NOT NULL,
  search_text TEXT NOT NULL,
  bigrams TEXT NOT NULL
);

-- SQLite only: the same two full-text indexes as the catalogue's
-- (0002_catalogue.sql), external content kept in step by triggers.
-- PostgreSQL has GIN indexes over the same two columns instead.
CREATE VIRTUAL TABLE kb_fts USING fts5(search_text, content='kb_texts',
  content_rowid='article_id', tokenize='trigram');
CREATE VIRTUAL TABLE kb_bigrams USING fts5(bigrams, content='kb_texts',
  content_rowid='article_id', tokenize='unicode61 remove_diacritics 0', detail=none);
CREATE TRIGGER kb_texts_ins AFTER INSERT ON kb_texts
BEGIN
  INSERT INTO kb_fts(rowid, search_text) VALUES (new.article_id, new.search_text);
  INSERT INTO kb_bigrams(rowid, bigrams) VALUES (new.article_id, new.bigrams);
END;
CREATE TRIGGER kb_texts_del AFTER DELETE ON kb_texts
BEGIN
  INSERT INTO kb_fts(kb_fts, rowid, search_text) VALUES ('delete', old.article_id, old.search_text);
  INSERT INTO kb_bigrams(kb_bigrams, rowid, bigrams) VALUES ('delete', old.article_id, old.bigrams);
END;
CREATE TRIGGER kb_texts_upd AFTER UPDATE OF search_text, bigrams ON kb_texts
BEGIN
  INSERT INTO kb_fts(kb_fts, rowid, search_text) VALUES ('delete', old.article_id, old.search_text);
  INSERT INTO kb_fts(rowid, search_text) VALUES (new.article_id, new.search_text);
  INSERT INTO kb_bigrams(kb_bigrams, rowid, bigrams) VALUES ('delete', old.article_id, old.bigrams);
  INSERT INTO kb_bigrams(rowid, bigrams) VALUES (new.article_id, new.bigrams);
END;

-- Moves with every change of the knowledge base (not with a citation), so
-- that cached search replies of any server instance go stale.
CREATE TABLE kb_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO kb_state (id, generation) VALUES (1, 0);
