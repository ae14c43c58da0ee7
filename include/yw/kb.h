/* The 12345 knowledge base (知识库): articles agents answer consultations
 * from, each with a hotline category, the region it applies to (that
 * region and its whole subtree), validity dates and the catalogue items it
 * relates to. Departments propose, the centre approves; stale articles are
 * flagged. Rules and roles: docs/knowledge.md.
 *
 * ---- For the work orders: citing an article (直办) ----
 *
 *   int yw_kb_cite(struct yw_conn *c, int64_t article_id,
 *                  struct yw_kb_citation *out, struct yw_error *err);
 *
 * Call it inside the write transaction that answers the order, so that the
 * citation and the order commit (or roll back) together. It checks that
 * the article is published and in force today (its validity dates, civil
 * dates in Asia/Shanghai) and adds one to its hit count in one conditional
 * UPDATE, so a concurrent retirement either happens before (the cite
 * fails) or after (the cite counted). `out` (may be NULL) receives the id,
 * version and title to keep with the order: the article may change later,
 * the version says which text the citizen was given.
 *
 * Returns YW_OK; YW_NOTFOUND with NOT_FOUND (no such article); YW_FAIL
 * with KB_NOT_CITABLE (draft, proposed, rejected, retired, not yet or no
 * longer valid); or a store status. On failure return the status from the
 * transaction so that it rolls back. It writes no audit row of its own:
 * the order's audit row names the article it cites.
 *
 * ---- Everything else ----
 *
 * Each write below is one store transaction with its audit row; a failure
 * leaves the store as it was. Two actors never both win: every change is a
 * conditional UPDATE on (id, version, state). */
#ifndef YW_KB_H
#define YW_KB_H
#include "yw/catalogue.h"
#include "yw/entity.h"
#include "yw/store.h"

enum {
	YW_KB_TITLE_MAX = 100,   /* characters */
	YW_KB_BODY_MAX = 20000,  /* characters */
	YW_KB_NOTE_MAX = 500,    /* review note, rejection or retirement reason */
	YW_KB_CATEGORY_MAX = 32, /* a hotline category code */
	YW_KB_ITEMS_MAX = 20,    /* related catalogue items */
	YW_KB_SEARCH_COUNT_CAP = 500, /* a search ranks and counts at most this many hits */
};

/* An article is stale when its validity has ended or nobody has approved
 * or reviewed it for this many days (a constant; YIWANG_KB_STALE_DAYS
 * overrides it for a deployment, read once). */
#define YW_KB_STALE_DAYS 180
int yw_kb_stale_days(void);

/* Who may do what (the routes admit these roles; scopes are checked in
 * the domain): writers propose and edit for their own department and
 * region; reviewers (the centre) approve, reject, review and retire. */
#define YW_KB_WRITERS (YW_ROLE_HOTLINE_HANDLER | YW_ROLE_HOTLINE_AGENT | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)
#define YW_KB_REVIEWERS (YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)

struct yw_kb_article {
	int64_t id, region_id, department_id;
	int64_t revision_of, merged_into; /* 0: none */
	int64_t hits, version;
	int64_t last_reviewed_at, reviewed_at, reviewed_by, created_by, created_at, updated_at; /* 0: never */
	char state[12];          /* draft | proposed | published | rejected | retired */
	char valid_from[11], valid_to[11]; /* "YYYY-MM-DD", "" when open */
	char category_code[YW_KB_CATEGORY_MAX + 1];
	char region_code[24];
	char *title, *body;      /* body: NULL in lists */
	char *item_codes;        /* JSON array text */
	char *region_name, *department, *created_by_name, *reviewed_by_name, *review_note;
	char *region_path;
	/* Derived for today (Asia/Shanghai): */
	bool in_force; /* published and within its validity dates */
	bool stale;    /* published, and its validity ended or its last review is too old */
};
void yw_kb_article_clear(struct yw_kb_article *a);

/* What a writer sends (POST takes all of it; PUT replaces all of it). */
struct yw_kb_input {
	const char *title, *body, *category_code, *region_code;
	const char *valid_from, *valid_to; /* NULL or "YYYY-MM-DD" */
	const char *const *item_codes;
	int nitems;
	int64_t department_id; /* 0: the actor's own department */
	bool submit;           /* propose now (proposed) or keep a draft */
	int64_t reviewed_at;   /* import only: when the old system last reviewed it (0: now) */
};

/* POST: a new article, proposed (or a draft) for the writer's department.
 * Errors name their field: MISSING_FIELD, TOO_LONG, BAD_FORMAT (dates),
 * KB_VALIDITY, REF_NOT_FOUND (region_code, department_id, item_codes[i]),
 * FORBIDDEN_SCOPE (another department or a region outside the writer's). */
int yw_kb_create(struct yw_store *s, const struct yw_actor *who, const struct yw_kb_input *in,
		 struct yw_kb_article *out, struct yw_error *err);

/* PUT with the version the writer saw (CONFLICT when it moved). A draft,
 * proposal or rejected article takes the new text in place (submit: it is
 * proposed, else it is a draft). A published article: a reviewer's edit
 * is made in place and counts as a review; anyone else's becomes a new
 * proposal with revision_of set (*created says so; KB_REVISION_OPEN when
 * one is open already), approved later into the published article. A
 * retired article: KB_STATE. */
int yw_kb_update(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t version,
		 const struct yw_kb_input *in, struct yw_kb_article *out, bool *created, struct yw_error *err);

enum yw_kb_action {
	YW_KB_APPROVE, /* proposed → published (a revision: its text goes into the article it revises) */
	YW_KB_REJECT,  /* proposed → rejected, with a reason */
	YW_KB_REVIEW,  /* published stays published: reviewed today (clears the age part of stale) */
	YW_KB_RETIRE,  /* any but retired → retired */
};
/* Reviewers only. version 0: no check (the state check still makes one of
 * two concurrent reviewers lose with KB_STATE). note: required for a
 * rejection, optional otherwise. */
int yw_kb_act(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t version, enum yw_kb_action a,
	      const char *note, struct yw_kb_article *out, struct yw_error *err);

/* One article with everything (body, reviewer, note). NOT_FOUND. */
int yw_kb_get(struct yw_store *s, int64_t id, struct yw_kb_article *out, struct yw_error *err);
/* The citizens' view: published and in force only, else NOT_FOUND. */
int yw_kb_get_public(struct yw_store *s, int64_t id, struct yw_kb_article *out, struct yw_error *err);

struct yw_kb_citation {
	int64_t id, version;
	char title[YW_KB_TITLE_MAX * 4 + 1];
};
int yw_kb_cite(struct yw_conn *c, int64_t article_id, struct yw_kb_citation *out, struct yw_error *err);

/* ---- lists and search ---- */

struct yw_kb_query {
	const char *q;        /* words (the catalogue's rules: ≤ 50 characters, ≤ 8 words, all must match) */
	const char *category; /* a category code: that category and those below it (codes nest by prefix) */
	const char *region;   /* a region code: search — articles that apply there (that region or
			       * one above it); list — articles of that region's subtree */
	const char *item;     /* a catalogue item code */
	const char *state;    /* list only */
	int64_t department_id; /* list only */
	bool stale;           /* list only: stale published articles */
	bool search;          /* the agents' search: published and in force, ranked */
	int limit, offset;
};

/* Where a word matched, in bytes of the text it was found in. */
struct yw_kb_mark {
	int start, len;
};
enum { YW_KB_MARKS_MAX = 16 };
struct yw_kb_snippet {
	char *text; /* a window of the body around the first match, or its start */
	bool cut_before, cut_after;
	struct yw_kb_mark marks[YW_KB_MARKS_MAX];
	int nmarks;
};

struct yw_kb_hit {
	struct yw_kb_article a;
	struct yw_kb_snippet snippet;  /* search only */
	struct yw_kb_mark title_marks[YW_KB_MARKS_MAX];
	int ntitle_marks;
};

struct yw_kb_page {
	struct yw_kb_hit *rows;
	int n;
	int64_t total;
	bool total_capped; /* search: there are at least `total` */
};
void yw_kb_page_free(struct yw_kb_page *p);

/* The knowledge base's generation: it moves with every change (not with
 * citations), so a reply cached for one generation is never older than
 * the knowledge base, whichever process changed it. -1 on a store error. */
int yw_kb_generation(struct yw_store *s, int64_t *generation);

/* BAD_QUERY naming the parameter (q, state, region…). */
int yw_kb_list(struct yw_store *s, const struct yw_kb_query *q, struct yw_kb_page *out, struct yw_error *err);

/* The marks of the query's words in a text (ASCII case-insensitive), in
 * order, not overlapping, at most YW_KB_MARKS_MAX. Pure, for tests. */
int yw_kb_find_marks(const char *text, const char *const *words, int nwords, struct yw_kb_mark *marks, int max);
/* A snippet of about `chars` characters around the first match. */
void yw_kb_make_snippet(const char *body, const char *const *words, int nwords, int chars,
			struct yw_kb_snippet *out);
void yw_kb_snippet_free(struct yw_kb_snippet *s);

/* ---- bulk: moving an existing knowledge base in, and the demo ---- */

/* Imports articles as published (reviewed now) by a reviewer, all or
 * nothing, in one transaction with one audit row; on a bad article
 * *bad_index says which (0-based) and err names its field. */
int yw_kb_import(struct yw_store *s, const struct yw_actor *who, const struct yw_kb_input *in, int n,
		 int *imported, int *bad_index, struct yw_error *err);

/* The demo articles of `yiwang seed demo` (domain/kb_seed.c): about sixty
 * answers of 源城区's hotline, some linked to demo catalogue items, one
 * stale. Articles already there (by title) are left alone. Returns 1 when
 * something failed, else 0. */
int yw_kb_seed_demo(struct yw_store *s);

/* Shared by domain/kb*.c: today in Asia/Shanghai ("YYYY-MM-DD"), the
 * last-review time before which a published article is stale, the
 * derived flags of an article, and whether an actor is a reviewer. */
void yw_kb_today(char out[11]);
/* The word that stands for a category ("kbcat") or an item ("kbitem") in
 * an article's bigram column, appended to b (store/kb_store.c asks by it). */
void yw_kb_facet_token(const char *prefix, const char *code, struct yw_buf *b);
int64_t yw_kb_review_cutoff(void);
void yw_kb_derive(struct yw_kb_article *a, const char *today, int64_t cutoff);
bool yw_kb_is_reviewer(const struct yw_actor *who);

/* ---- the store's side (store/kb_store.c), for domain/kb*.c only ---- */

/* What a list or search needs, in the store's terms. */
struct yw_kbs_query {
	const char *words[YW_ITEM_QUERY_WORDS], *like[YW_ITEM_QUERY_WORDS];
	int nwords;
	const char *state, *category, *item;
	const char *region_path; /* search: the path of the region asked about; list: the subtree's */
	int64_t department_id;
	bool stale, search; /* search: the agents' view, ranked, with bodies for snippets */
	const char *today;        /* YYYY-MM-DD */
	int64_t review_cutoff;    /* last reviewed before this: stale */
	int limit, offset;
};

int yw_kbs_search(struct yw_conn *c, const struct yw_kbs_query *q, struct yw_kb_page *out);
int yw_kbs_get(struct yw_conn *c, int64_t id, struct yw_kb_article *out);
int yw_kbs_region_by_code(struct yw_conn *c, const char *code, int64_t *id, char **path);
int yw_kbs_department_exists(struct yw_conn *c, int64_t id);
int yw_kbs_item_exists(struct yw_conn *c, const char *code);
int yw_kbs_title_exists(struct yw_conn *c, const char *title);
/* Inserts a (its id is set), with its items. */
int yw_kbs_insert(struct yw_conn *c, struct yw_kb_article *a, const char *search_text, const char *bigrams,
		  const char *const *items, int nitems);
/* Writes a's mutable columns when the row still has a->version and state
 * expect_state (then a->version moves on); YW_NOTFOUND when it does not.
 * With search_text (and bigrams and items) the text and its indexes too. */
int yw_kbs_save(struct yw_conn *c, struct yw_kb_article *a, const char *expect_state, const char *search_text,
		const char *bigrams, const char *const *items, int nitems);
/* kb_state.generation: moved by every change (domain/kb.c), read by the
 * search's reply cache. */
int yw_kbs_bump_generation(struct yw_conn *c);
int yw_kbs_generation(struct yw_conn *c, int64_t *gen);
/* hits + 1 when published and in force on `today`: YW_NOTFOUND otherwise. */
int yw_kbs_hit(struct yw_conn *c, int64_t id, const char *today, struct yw_kb_citation *out);

#endif
