/* SQL of cases: written once for both engines ($N parameters). Every
 * statement is an indexed lookup by id, case, department or code, or a
 * bounded page. */
#include "yw/case_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "row_util.h"

/* Copies a text column into a fixed buffer (cut at a character boundary
 * when it does not fit; every column here fits its buffer by the input
 * limits). A plain copy: a case row has some forty text columns. */
static char *col_dup(const struct yw_row *r, int i)
{
	return yw_row_null(r, i) ? NULL : yw_strdup(yw_row_text(r, i));
}

/* Grows an array of rows by one zeroed element and returns it. */
static void *grow(void **arr, int *n, size_t size)
{
	/* Capacity doubles (it is the next power of two of the count): one
	 * realloc per row copied every row read so far, and a case's steps,
	 * materials and events are read on every action and every reply. */
	if (*n == 0 || !(*n & (*n - 1)))
		*arr = yw_realloc(*arr, size * (size_t)(*n ? 2 * *n : 1));
	char *p = (char *)*arr + size * (size_t)*n;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* ---- references ---- */

static int head_row(void *ctx, const struct yw_row *r)
{
	void **out = ctx;
	col_copy(out[0], 12, r, 0);
	*(int *)out[1] = (int)col_int(r, 1);
	return 1;
}

int yw_cs_item_head(struct yw_conn *c, int64_t item_id, char status[12], int *current_version)
{
	void *out[2] = {status, current_version};
	return found(yw_q(c, "SELECT status, current_version FROM items WHERE id = $1", head_row, out,
			  YW_PINT(item_id)));
}

static int version_row(void *ctx, const struct yw_row *r)
{
	void **out = ctx;
	*(int64_t *)out[0] = yw_row_int(r, 0);
	col_copy(out[1], 16, r, 1);
	if (out[2])
		*(char **)out[2] = col_dup(r, 2);
	return 1;
}

int yw_cs_item_version(struct yw_conn *c, int64_t item_id, int version, int64_t *version_id, char status[16],
		       char **content)
{
	void *out[3] = {version_id, status, content};
	if (content) {
		*content = NULL;
		return found(yw_q(c, "SELECT id, status, content FROM item_versions WHERE item_id = $1 AND version = $2",
				  version_row, out, YW_PINT(item_id), YW_PINT(version)));
	}
	return found(yw_q(c, "SELECT id, status FROM item_versions WHERE item_id = $1 AND version = $2", version_row,
			  out, YW_PINT(item_id), YW_PINT(version)));
}

struct hall_iter {
	int (*fn)(void *ctx, int64_t hall_id, const char *name);
	void *ctx;
};

static int hall_each(void *ctx, const struct yw_row *r)
{
	struct hall_iter *it = ctx;
	return it->fn(it->ctx, yw_row_int(r, 0), yw_row_text(r, 1));
}

int yw_cs_version_halls(struct yw_conn *c, int64_t version_id, int (*fn)(void *ctx, int64_t hall_id, const char *name),
			void *ctx)
{
	struct hall_iter it = {fn, ctx};
	return ok(yw_q(c,
		       "SELECT h.id, h.name FROM item_halls ih JOIN halls h ON h.id = ih.hall_id "
		       "WHERE ih.version_id = $1 ORDER BY h.id",
		       hall_each, &it, YW_PINT(version_id)));
}

static int place_row(void *ctx, const struct yw_row *r)
{
	struct yw_cs_place *p = ctx;
	memset(p, 0, sizeof *p);
	p->hall_id = yw_row_int(r, 0);
	p->region_id = col_int(r, 1);
	col_copy(p->name, sizeof p->name, r, 2);
	col_copy(p->region_path, sizeof p->region_path, r, 3);
	col_copy(p->region_code, sizeof p->region_code, r, 4);
	if (yw_row_ncols(r) > 5) {
		col_copy(p->window_type, sizeof p->window_type, r, 5);
		p->window_number = col_int(r, 6);
	}
	return 1;
}

int yw_cs_hall(struct yw_conn *c, int64_t hall_id, struct yw_cs_place *out)
{
	return found(yw_q(c,
			  "SELECT h.id, h.region_id, h.name, g.path, g.code FROM halls h JOIN regions g ON g.id = h.region_id "
			  "WHERE h.id = $1",
			  place_row, out, YW_PINT(hall_id)));
}

int yw_cs_window(struct yw_conn *c, int64_t window_id, struct yw_cs_place *out)
{
	return found(yw_q(c,
			  "SELECT h.id, h.region_id, h.name, g.path, g.code, w.type, w.number FROM windows w "
			  "JOIN halls h ON h.id = w.hall_id JOIN regions g ON g.id = h.region_id WHERE w.id = $1",
			  place_row, out, YW_PINT(window_id)));
}

struct text_out {
	char *buf;
	size_t n;
};

static int text_row(void *ctx, const struct yw_row *r)
{
	struct text_out *t = ctx;
	col_copy(t->buf, t->n, r, 0);
	return 1;
}

int yw_cs_region_path(struct yw_conn *c, int64_t region_id, char *path, size_t n)
{
	struct text_out t = {path, n};
	return found(yw_q(c, "SELECT path FROM regions WHERE id = $1", text_row, &t, YW_PINT(region_id)));
}

int yw_cs_department_name(struct yw_conn *c, int64_t id, char *name, size_t n)
{
	struct text_out t = {name, n};
	return found(yw_q(c, "SELECT name FROM departments WHERE id = $1", text_row, &t, YW_PINT(id)));
}

/* ---- cases ---- */

int yw_cs_next_number(struct yw_conn *c, int64_t region_id, const char *day, int64_t *out)
{
	*out = 0;
	return found(yw_q(c,
			  "INSERT INTO case_counters (region_id, day, last) VALUES ($1, $2, 1) "
			  "ON CONFLICT (region_id, day) DO UPDATE SET last = case_counters.last + 1 RETURNING last",
			  yw_row_get_int, out, YW_PINT(region_id), YW_PTEXT(day)));
}

#define CASE_COLS                                                                                              \
	"k.id, k.version, k.item_id, k.item_version_id, k.region_id, k.department_id, k.hall_id, k.window_id, "  \
	"k.staff_id, k.ticket_id, k.extension_department_id, k.item_version, k.statutory_days, "                \
	"k.promised_days, k.extension_days, k.extension_requested, k.paused_days, k.tolerant, k.received_at, "  \
	"k.accepted_at, k.decided_at, k.delivered_at, k.created_at, k.updated_at, k.case_no, k.item_code, "    \
	"k.item_name, k.handling_type, k.channel, k.applicant_kind, k.applicant_name, k.applicant_id, "         \
	"k.applicant_phone, k.legal_rep, k.agent_name, k.agent_id, k.agent_phone, k.state, k.outcome, "        \
	"k.warn_level, k.supply_level, k.extension_state, k.pause_kind, k.supply_due, k.paused_on, "           \
	"k.accepted_on, k.decided_on, k.due_promised, k.due_statutory, k.delivery_due, k.outcome_reason, "     \
	"k.redirect, k.extension_reason, k.commitment, h.name, d.name, g.code, g.name"
#define CASE_FROM                                                                                  \
	" FROM cases k LEFT JOIN halls h ON h.id = k.hall_id JOIN departments d ON d.id = k.department_id " \
	"JOIN regions g ON g.id = k.region_id"

static int case_row(void *ctx, const struct yw_row *r)
{
	struct yw_case *k = ctx;
	memset(k, 0, sizeof *k);
	int64_t *ints[] = {&k->id,	    &k->version,     &k->item_id,   &k->item_version_id, &k->region_id,
			   &k->department_id, &k->hall_id,     &k->window_id, &k->staff_id,	 &k->ticket_id,
			   &k->extension_department_id};
	int i = 0;
	for (; i < 11; i++)
		*ints[i] = col_int(r, i);
	int *smalls[] = {&k->item_version, &k->statutory_days, &k->promised_days, &k->extension_days,
			 &k->extension_requested, &k->paused_days};
	for (int j = 0; j < 6; j++, i++)
		*smalls[j] = (int)col_int(r, i);
	k->tolerant = col_int(r, i++) != 0;
	int64_t *times[] = {&k->received_at, &k->accepted_at, &k->decided_at, &k->delivered_at, &k->created_at,
			    &k->updated_at};
	for (int j = 0; j < 6; j++, i++)
		*times[j] = col_int(r, i);
	struct {
		char *p;
		size_t n;
	} texts[] = {
		{k->case_no, sizeof k->case_no},	   {k->item_code, sizeof k->item_code},
		{k->item_name, sizeof k->item_name},	   {k->handling_type, sizeof k->handling_type},
		{k->channel, sizeof k->channel},	   {k->applicant_kind, sizeof k->applicant_kind},
		{k->applicant_name, sizeof k->applicant_name}, {k->applicant_id, sizeof k->applicant_id},
		{k->applicant_phone, sizeof k->applicant_phone}, {k->legal_rep, sizeof k->legal_rep},
		{k->agent_name, sizeof k->agent_name},	   {k->agent_id, sizeof k->agent_id},
		{k->agent_phone, sizeof k->agent_phone},   {k->state, sizeof k->state},
		{k->outcome, sizeof k->outcome},	   {k->warn_level, sizeof k->warn_level},
		{k->supply_level, sizeof k->supply_level}, {k->extension_state, sizeof k->extension_state},
		{k->pause_kind, sizeof k->pause_kind},	   {k->supply_due, sizeof k->supply_due},
		{k->paused_on, sizeof k->paused_on},	   {k->accepted_on, sizeof k->accepted_on},
		{k->decided_on, sizeof k->decided_on},	   {k->due_promised, sizeof k->due_promised},
		{k->due_statutory, sizeof k->due_statutory}, {k->delivery_due, sizeof k->delivery_due},
		{k->outcome_reason, sizeof k->outcome_reason}, {k->redirect, sizeof k->redirect},
		{k->extension_reason, sizeof k->extension_reason}, {k->commitment, sizeof k->commitment},
		{k->hall_name, sizeof k->hall_name},	   {k->department_name, sizeof k->department_name},
		{k->region_code, sizeof k->region_code},   {k->region_name, sizeof k->region_name},
	};
	for (size_t j = 0; j < sizeof texts / sizeof texts[0]; j++, i++)
		col_copy(texts[j].p, texts[j].n, r, i);
	return 1;
}

int yw_cs_case_get(struct yw_conn *c, int64_t id, struct yw_case *out)
{
	return found(yw_q(c, "SELECT " CASE_COLS CASE_FROM " WHERE k.id = $1", case_row, out, YW_PINT(id)));
}

int yw_cs_case_by_no(struct yw_conn *c, const char *case_no, struct yw_case *out)
{
	return found(yw_q(c, "SELECT " CASE_COLS CASE_FROM " WHERE k.case_no = $1", case_row, out, YW_PTEXT(case_no)));
}

int yw_cs_case_insert(struct yw_conn *c, struct yw_case *k)
{
	k->id = 0;
	int r = yw_q(c,
		     "INSERT INTO cases (case_no, item_id, item_version, item_version_id, item_code, item_name, "
		     "handling_type, region_id, department_id, hall_id, window_id, staff_id, ticket_id, channel, "
		     "applicant_kind, applicant_name, applicant_id, applicant_phone, legal_rep, agent_name, agent_id, "
		     "agent_phone, state, statutory_days, promised_days, received_at, version, created_at, updated_at) "
		     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
		     "$20, $21, $22, $23, $24, $25, $26, 1, $26, $26) RETURNING id",
		     yw_row_get_int, &k->id, YW_PTEXT(k->case_no), YW_PINT(k->item_id), YW_PINT(k->item_version),
		     YW_PINT(k->item_version_id), YW_PTEXT(k->item_code), YW_PTEXT(k->item_name),
		     YW_PTEXT(k->handling_type), YW_PINT(k->region_id), YW_PINT(k->department_id), opt_int(k->hall_id),
		     opt_int(k->window_id), opt_int(k->staff_id), opt_int(k->ticket_id), YW_PTEXT(k->channel),
		     YW_PTEXT(k->applicant_kind), YW_PTEXT(k->applicant_name), YW_PTEXT(k->applicant_id),
		     YW_PTEXT(k->applicant_phone), opt_text(k->legal_rep), opt_text(k->agent_name),
		     opt_text(k->agent_id), opt_text(k->agent_phone), YW_PTEXT(k->state), YW_PINT(k->statutory_days),
		     YW_PINT(k->promised_days), YW_PINT(k->received_at));
	k->version = 1;
	return r < 0 ? r : k->id ? YW_OK : YW_STORE_ERR;
}

int yw_cs_case_lock(struct yw_conn *c, int64_t id, int64_t now)
{
	return found(yw_q(c, "UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1", NULL, NULL,
			  YW_PINT(id), YW_PINT(now)));
}

int yw_cs_case_save(struct yw_conn *c, const struct yw_case *k)
{
	return found(yw_q(c,
			  "UPDATE cases SET state = $2, outcome = $3, outcome_reason = $4, redirect = $5, tolerant = $6, "
			  "commitment = $7, supply_due = $8, supply_level = $9, extension_days = $10, "
			  "extension_state = $11, extension_requested = $12, extension_reason = $13, "
			  "extension_department_id = $14, paused_days = $15, pause_kind = $16, paused_on = $17, "
			  "accepted_at = $18, accepted_on = $19, due_promised = $20, due_statutory = $21, "
			  "decided_at = $22, decided_on = $23, delivery_due = $24, delivered_at = $25, warn_level = $26, "
			  "updated_at = $27 WHERE id = $1",
			  NULL, NULL, YW_PINT(k->id), YW_PTEXT(k->state), opt_text(k->outcome), opt_text(k->outcome_reason),
			  opt_text(k->redirect), YW_PINT(k->tolerant), opt_text(k->commitment), opt_text(k->supply_due),
			  YW_PTEXT(k->supply_level[0] ? k->supply_level : "none"), YW_PINT(k->extension_days),
			  opt_text(k->extension_state), YW_PINT(k->extension_requested), opt_text(k->extension_reason),
			  opt_int(k->extension_department_id), YW_PINT(k->paused_days), opt_text(k->pause_kind),
			  opt_text(k->paused_on), opt_int(k->accepted_at), opt_text(k->accepted_on),
			  opt_text(k->due_promised), opt_text(k->due_statutory), opt_int(k->decided_at),
			  opt_text(k->decided_on), opt_text(k->delivery_due), opt_int(k->delivered_at),
			  YW_PTEXT(k->warn_level[0] ? k->warn_level : "none"), YW_PINT(k->updated_at)));
}

static int changed_out(struct yw_conn *c, int r, int *changed)
{
	if (r < 0)
		return r;
	*changed = yw_db_changes(c) > 0;
	return YW_OK;
}

int yw_cs_case_set_level(struct yw_conn *c, int64_t id, char which, const char *from, const char *to, int *changed)
{
	*changed = 0;
	int r = which == 's' ? yw_q(c, "UPDATE cases SET supply_level = $3 WHERE id = $1 AND supply_level = $2", NULL,
				    NULL, YW_PINT(id), YW_PTEXT(from), YW_PTEXT(to))
			     : yw_q(c, "UPDATE cases SET warn_level = $3 WHERE id = $1 AND warn_level = $2", NULL, NULL,
				    YW_PINT(id), YW_PTEXT(from), YW_PTEXT(to));
	return changed_out(c, r, changed);
}

int yw_cs_case_set_dues(struct yw_conn *c, int64_t id, const char *due_promised, const char *due_statutory,
			const char *delivery_due)
{
	return ok(yw_q(c,
		       "UPDATE cases SET due_promised = COALESCE(due_promised, $2), "
		       "due_statutory = COALESCE(due_statutory, $3), delivery_due = COALESCE(delivery_due, $4) "
		       "WHERE id = $1",
		       NULL, NULL, YW_PINT(id), opt_text(due_promised), opt_text(due_statutory), opt_text(delivery_due)));
}

/* ---- materials ---- */

int yw_cs_material_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_material *m, int64_t now)
{
	return ok(yw_q(c,
		       "INSERT INTO case_materials (case_id, seq, name, required, role, form, count, file_ref, "
		       "elicence_ref, trust_level, status, reason, due, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		       "$8, $9, $10, $11, $12, $13, $14)",
		       NULL, NULL, YW_PINT(case_id), YW_PINT(m->seq), YW_PTEXT(m->name), YW_PINT(m->required),
		       YW_PTEXT(m->role), opt_text(m->form), YW_PINT(m->count), opt_text(m->file_ref),
		       opt_text(m->elicence_ref), opt_text(m->trust_level), YW_PTEXT(m->status), opt_text(m->reason),
		       opt_text(m->due), YW_PINT(now)));
}

int yw_cs_material_save(struct yw_conn *c, int64_t case_id, const struct yw_case_material *m, int64_t now)
{
	return found(yw_q(c,
			  "UPDATE case_materials SET form = $3, count = $4, file_ref = $5, elicence_ref = $6, "
			  "trust_level = $7, status = $8, reason = $9, due = $10, updated_at = $11 "
			  "WHERE case_id = $1 AND seq = $2",
			  NULL, NULL, YW_PINT(case_id), YW_PINT(m->seq), opt_text(m->form), YW_PINT(m->count),
			  opt_text(m->file_ref), opt_text(m->elicence_ref), opt_text(m->trust_level), YW_PTEXT(m->status),
			  opt_text(m->reason), opt_text(m->due), YW_PINT(now)));
}

struct list_out {
	void **arr;
	int *n;
};

static int material_row(void *ctx, const struct yw_row *r)
{
	struct list_out *l = ctx;
	struct yw_case_material *m = grow(l->arr, l->n, sizeof *m);
	m->id = yw_row_int(r, 0);
	m->seq = (int)yw_row_int(r, 1);
	m->count = (int)col_int(r, 2);
	m->required = col_int(r, 3) != 0;
	col_copy(m->name, sizeof m->name, r, 4);
	col_copy(m->role, sizeof m->role, r, 5);
	col_copy(m->form, sizeof m->form, r, 6);
	col_copy(m->trust_level, sizeof m->trust_level, r, 7);
	col_copy(m->status, sizeof m->status, r, 8);
	col_copy(m->due, sizeof m->due, r, 9);
	col_copy(m->file_ref, sizeof m->file_ref, r, 10);
	col_copy(m->elicence_ref, sizeof m->elicence_ref, r, 11);
	col_copy(m->reason, sizeof m->reason, r, 12);
	return 0;
}

int yw_cs_materials(struct yw_conn *c, int64_t case_id, struct yw_case_material **out, int *n)
{
	struct list_out l = {(void **)out, n};
	return ok(yw_q(c,
		       "SELECT id, seq, count, required, name, role, form, trust_level, status, due, file_ref, "
		       "elicence_ref, reason FROM case_materials WHERE case_id = $1 ORDER BY seq",
		       material_row, &l, YW_PINT(case_id)));
}

/* ---- steps ---- */

#define STEP_COLS                                                                                             \
	"s.id, s.case_id, s.department_id, s.claimed_by, s.finished_by, s.version, s.activated_at, "          \
	"s.finished_at, s.seq, s.round, s.stage, s.limit_days, s.paused_days, s.kind, s.name, s.role, "       \
	"s.parallel_group, s.state, s.due, s.activated_on, s.warn_level, s.claimed_name, s.opinion, d.name"

static void step_from_row(struct yw_case_step *s, const struct yw_row *r)
{
	memset(s, 0, sizeof *s);
	int64_t *ints[] = {&s->id,	&s->case_id, &s->department_id, &s->claimed_by,
			   &s->finished_by, &s->version, &s->activated_at,  &s->finished_at};
	for (int i = 0; i < 8; i++)
		*ints[i] = col_int(r, i);
	s->seq = (int)col_int(r, 8);
	s->round = (int)col_int(r, 9);
	s->stage = (int)col_int(r, 10);
	s->limit_days = (int)col_int(r, 11);
	s->paused_days = (int)col_int(r, 12);
	col_copy(s->kind, sizeof s->kind, r, 13);
	col_copy(s->name, sizeof s->name, r, 14);
	col_copy(s->role, sizeof s->role, r, 15);
	col_copy(s->group, sizeof s->group, r, 16);
	col_copy(s->state, sizeof s->state, r, 17);
	col_copy(s->due, sizeof s->due, r, 18);
	col_copy(s->activated_on, sizeof s->activated_on, r, 19);
	col_copy(s->warn_level, sizeof s->warn_level, r, 20);
	col_copy(s->claimed_name, sizeof s->claimed_name, r, 21);
	col_copy(s->opinion, sizeof s->opinion, r, 22);
	col_copy(s->department_name, sizeof s->department_name, r, 23);
}

static int step_one(void *ctx, const struct yw_row *r)
{
	step_from_row(ctx, r);
	return 1;
}

static int step_each(void *ctx, const struct yw_row *r)
{
	struct list_out *l = ctx;
	struct yw_case_step *s = grow(l->arr, l->n, sizeof *s);
	step_from_row(s, r);
	return 0;
}

int yw_cs_step_insert(struct yw_conn *c, struct yw_case_step *s)
{
	s->id = 0;
	s->version = 1;
	int r = yw_q(c,
		     "INSERT INTO case_steps (case_id, seq, round, stage, kind, name, role, department_id, "
		     "parallel_group, state, claimed_by, claimed_name, limit_days, activated_at, activated_on, "
		     "paused_days, due, finished_at, finished_by, opinion, version) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		     "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1) RETURNING id",
		     yw_row_get_int, &s->id, YW_PINT(s->case_id), YW_PINT(s->seq), YW_PINT(s->round), YW_PINT(s->stage),
		     YW_PTEXT(s->kind), YW_PTEXT(s->name), YW_PTEXT(s->role), YW_PINT(s->department_id),
		     opt_text(s->group), YW_PTEXT(s->state), opt_int(s->claimed_by), opt_text(s->claimed_name),
		     YW_PINT(s->limit_days), opt_int(s->activated_at), opt_text(s->activated_on), YW_PINT(s->paused_days),
		     opt_text(s->due), opt_int(s->finished_at), opt_int(s->finished_by), opt_text(s->opinion));
	return r < 0 ? r : s->id ? YW_OK : YW_STORE_ERR;
}

int yw_cs_step_get(struct yw_conn *c, int64_t id, struct yw_case_step *out)
{
	return found(yw_q(c, "SELECT " STEP_COLS " FROM case_steps s JOIN departments d ON d.id = s.department_id WHERE s.id = $1",
			  step_one, out, YW_PINT(id)));
}

int yw_cs_steps(struct yw_conn *c, int64_t case_id, struct yw_case_step **out, int *n)
{
	struct list_out l = {(void **)out, n};
	return ok(yw_q(c,
		       "SELECT " STEP_COLS " FROM case_steps s JOIN departments d ON d.id = s.department_id "
		       "WHERE s.case_id = $1 ORDER BY s.seq, s.round",
		       step_each, &l, YW_PINT(case_id)));
}

int yw_cs_step_update(struct yw_conn *c, struct yw_case_step *s, int64_t seen)
{
	int r = yw_q(c,
		     "UPDATE case_steps SET department_id = $3, state = $4, claimed_by = $5, claimed_name = $6, "
		     "activated_at = $7, activated_on = $8, paused_days = $9, due = $10, finished_at = $11, "
		     "finished_by = $12, opinion = $13, warn_level = $14, version = version + 1 "
		     "WHERE id = $1 AND version = $2",
		     NULL, NULL, YW_PINT(s->id), YW_PINT(seen), YW_PINT(s->department_id), YW_PTEXT(s->state),
		     opt_int(s->claimed_by), opt_text(s->claimed_name), opt_int(s->activated_at), opt_text(s->activated_on),
		     YW_PINT(s->paused_days), opt_text(s->due), opt_int(s->finished_at), opt_int(s->finished_by),
		     opt_text(s->opinion), YW_PTEXT(s->warn_level[0] ? s->warn_level : "none"));
	if (r == YW_DB_ROWS)
		s->version = seen + 1;
	return found(r);
}

int yw_cs_step_set_level(struct yw_conn *c, int64_t id, const char *from, const char *to, int *changed)
{
	*changed = 0;
	int r = yw_q(c, "UPDATE case_steps SET warn_level = $3 WHERE id = $1 AND warn_level = $2", NULL, NULL,
		     YW_PINT(id), YW_PTEXT(from), YW_PTEXT(to));
	return changed_out(c, r, changed);
}

static int inbox_row(void *ctx, const struct yw_row *r)
{
	struct yw_inbox_page *p = ctx;
	struct yw_inbox_row *x = grow((void **)&p->rows, &p->n, sizeof *x);
	x->step_id = yw_row_int(r, 0);
	x->case_id = yw_row_int(r, 1);
	x->claimed_by = col_int(r, 2);
	x->version = col_int(r, 3);
	x->stage = (int)col_int(r, 4);
	col_copy(x->step_name, sizeof x->step_name, r, 5);
	col_copy(x->state, sizeof x->state, r, 6);
	col_copy(x->due, sizeof x->due, r, 7);
	col_copy(x->case_no, sizeof x->case_no, r, 8);
	col_copy(x->item_name, sizeof x->item_name, r, 9);
	col_copy(x->case_state, sizeof x->case_state, r, 10);
	col_copy(x->claimed_name, sizeof x->claimed_name, r, 11);
	return 0;
}

/* The partial index case_steps_inbox answers this: the WHERE repeats its
 * predicate word for word so both engines use it, and the order is its. */
int yw_cs_inbox(struct yw_conn *c, int64_t department_id, int limit, int offset, struct yw_inbox_page *out)
{
	int r = yw_q(c,
		     /* kept by triggers (0014_case_stats.sql): counting thousands of
		      * open steps was most of the page's cost */
		     "SELECT COALESCE((SELECT open FROM case_inbox_counts WHERE department_id = $1), 0)",
		     yw_row_get_int, &out->total, YW_PINT(department_id));
	if (r < 0)
		return r;
	return ok(yw_q(c,
		       "SELECT s.id, s.case_id, s.claimed_by, s.version, s.stage, s.name, s.state, s.due, k.case_no, "
		       "k.item_name, k.state, s.claimed_name FROM case_steps s JOIN cases k ON k.id = s.case_id "
		       "WHERE s.department_id = $1 AND s.state IN ('active', 'claimed') ORDER BY s.due, s.id "
		       "LIMIT $2 OFFSET $3",
		       inbox_row, out, YW_PINT(department_id), YW_PINT(limit), YW_PINT(offset)));
}

/* ---- timeline, pauses, results, deliveries ---- */

int yw_cs_event_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_event *e)
{
	return ok(yw_q(c,
		       "INSERT INTO case_events (case_id, at, type, state, actor_id, actor_name, department_id, step_id, "
		       "reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
		       NULL, NULL, YW_PINT(case_id), YW_PINT(e->at), YW_PTEXT(e->type), YW_PTEXT(e->state),
		       opt_int(e->actor_id), opt_text(e->actor_name), opt_int(e->department_id), opt_int(e->step_id),
		       opt_text(e->reason), opt_text(e->detail)));
}

static int event_row(void *ctx, const struct yw_row *r)
{
	struct list_out *l = ctx;
	struct yw_case_event *e = grow(l->arr, l->n, sizeof *e);
	e->id = yw_row_int(r, 0);
	e->at = yw_row_int(r, 1);
	e->actor_id = col_int(r, 2);
	e->department_id = col_int(r, 3);
	e->step_id = col_int(r, 4);
	col_copy(e->type, sizeof e->type, r, 5);
	col_copy(e->state, sizeof e->state, r, 6);
	col_copy(e->actor_name, sizeof e->actor_name, r, 7);
	col_copy(e->department_name, sizeof e->department_name, r, 8);
	e->reason = col_dup(r, 9);
	e->detail = col_dup(r, 10);
	return 0;
}

int yw_cs_events(struct yw_conn *c, int64_t case_id, struct yw_case_event **out, int *n)
{
	struct list_out l = {(void **)out, n};
	return ok(yw_q(c,
		       "SELECT e.id, e.at, e.actor_id, e.department_id, e.step_id, e.type, e.state, e.actor_name, d.name, "
		       "e.reason, e.detail FROM case_events e LEFT JOIN departments d ON d.id = e.department_id "
		       "WHERE e.case_id = $1 ORDER BY e.id",
		       event_row, &l, YW_PINT(case_id)));
}

int yw_cs_pause_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_pause *p)
{
	return ok(yw_q(c,
		       "INSERT INTO case_pauses (case_id, kind, step_id, reason, from_at, from_on) "
		       "VALUES ($1, $2, $3, $4, $5, $6)",
		       NULL, NULL, YW_PINT(case_id), YW_PTEXT(p->kind), opt_int(p->step_id), opt_text(p->reason),
		       YW_PINT(p->from_at), YW_PTEXT(p->from_on)));
}

int yw_cs_pause_close(struct yw_conn *c, int64_t case_id, int64_t to_at, const char *to_on, int days)
{
	return found(yw_q(c,
			  "UPDATE case_pauses SET to_at = $2, to_on = $3, days = $4 WHERE case_id = $1 AND to_at IS NULL",
			  NULL, NULL, YW_PINT(case_id), YW_PINT(to_at), YW_PTEXT(to_on), YW_PINT(days)));
}

static int pause_row(void *ctx, const struct yw_row *r)
{
	struct list_out *l = ctx;
	struct yw_case_pause *p = grow(l->arr, l->n, sizeof *p);
	p->id = yw_row_int(r, 0);
	p->step_id = col_int(r, 1);
	p->from_at = col_int(r, 2);
	p->to_at = col_int(r, 3);
	p->days = yw_row_null(r, 4) ? -1 : (int)yw_row_int(r, 4);
	col_copy(p->kind, sizeof p->kind, r, 5);
	col_copy(p->from_on, sizeof p->from_on, r, 6);
	col_copy(p->to_on, sizeof p->to_on, r, 7);
	col_copy(p->reason, sizeof p->reason, r, 8);
	return 0;
}

int yw_cs_pauses(struct yw_conn *c, int64_t case_id, struct yw_case_pause **out, int *n)
{
	struct list_out l = {(void **)out, n};
	return ok(yw_q(c,
		       "SELECT id, step_id, from_at, to_at, days, kind, from_on, to_on, reason FROM case_pauses "
		       "WHERE case_id = $1 ORDER BY id",
		       pause_row, &l, YW_PINT(case_id)));
}

int yw_cs_result_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_result *x, int64_t by)
{
	return ok(yw_q(c,
		       "INSERT INTO case_results (case_id, type, name, number, created_by, created_at) "
		       "VALUES ($1, $2, $3, $4, $5, $6)",
		       NULL, NULL, YW_PINT(case_id), YW_PTEXT(x->type), YW_PTEXT(x->name), opt_text(x->number),
		       opt_int(by), YW_PINT(x->created_at)));
}

static int result_row(void *ctx, const struct yw_row *r)
{
	struct list_out *l = ctx;
	struct yw_case_result *x = grow(l->arr, l->n, sizeof *x);
	x->id = yw_row_int(r, 0);
	x->created_at = col_int(r, 1);
	col_copy(x->type, sizeof x->type, r, 2);
	col_copy(x->name, sizeof x->name, r, 3);
	col_copy(x->number, sizeof x->number, r, 4);
	return 0;
}

int yw_cs_results(struct yw_conn *c, int64_t case_id, struct yw_case_result **out, int *n)
{
	struct list_out l = {(void **)out, n};
	return ok(yw_q(c, "SELECT id, created_at, type, name, number FROM case_results WHERE case_id = $1 ORDER BY id",
		       result_row, &l, YW_PINT(case_id)));
}

int yw_cs_delivery_insert(struct yw_conn *c, int64_t case_id, const struct yw_case_delivery *d, const char *code_hash)
{
	return ok(yw_q(c,
		       "INSERT INTO case_deliveries (case_id, method, state, code_hash, recipient, phone, address, "
		       "carrier, hall_id, window_id, staff_id, collector_name, collector_id, created_at, done_at) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
		       NULL, NULL, YW_PINT(case_id), YW_PTEXT(d->method), YW_PTEXT(d->state), opt_text(code_hash),
		       opt_text(d->recipient), opt_text(d->phone), opt_text(d->address), opt_text(d->carrier),
		       opt_int(d->hall_id), opt_int(d->window_id), YW_PNULL, opt_text(d->collector_name),
		       opt_text(d->collector_id), YW_PINT(d->created_at), opt_int(d->done_at)));
}

int yw_cs_delivery_save(struct yw_conn *c, const struct yw_case_delivery *d)
{
	return found(yw_q(c,
			  "UPDATE case_deliveries SET state = $2, carrier = $3, tracking_no = $4, hall_id = $5, "
			  "window_id = $6, collector_name = $7, collector_id = $8, shipped_at = $9, done_at = $10 "
			  "WHERE id = $1",
			  NULL, NULL, YW_PINT(d->id), YW_PTEXT(d->state), opt_text(d->carrier), opt_text(d->tracking_no),
			  opt_int(d->hall_id), opt_int(d->window_id), opt_text(d->collector_name),
			  opt_text(d->collector_id), opt_int(d->shipped_at), opt_int(d->done_at)));
}

static int delivery_row(void *ctx, const struct yw_row *r)
{
	struct list_out *l = ctx;
	struct yw_case_delivery *d = grow(l->arr, l->n, sizeof *d);
	d->id = yw_row_int(r, 0);
	d->hall_id = col_int(r, 1);
	d->window_id = col_int(r, 2);
	d->created_at = col_int(r, 3);
	d->shipped_at = col_int(r, 4);
	d->done_at = col_int(r, 5);
	col_copy(d->method, sizeof d->method, r, 6);
	col_copy(d->state, sizeof d->state, r, 7);
	col_copy(d->recipient, sizeof d->recipient, r, 8);
	col_copy(d->phone, sizeof d->phone, r, 9);
	col_copy(d->address, sizeof d->address, r, 10);
	col_copy(d->carrier, sizeof d->carrier, r, 11);
	col_copy(d->tracking_no, sizeof d->tracking_no, r, 12);
	col_copy(d->collector_name, sizeof d->collector_name, r, 13);
	col_copy(d->collector_id, sizeof d->collector_id, r, 14);
	col_copy(d->hall_name, sizeof d->hall_name, r, 15);
	return 0;
}

int yw_cs_deliveries(struct yw_conn *c, int64_t case_id, struct yw_case_delivery **out, int *n)
{
	struct list_out l = {(void **)out, n};
	return ok(yw_q(c,
		       "SELECT v.id, v.hall_id, v.window_id, v.created_at, v.shipped_at, v.done_at, v.method, v.state, "
		       "v.recipient, v.phone, v.address, v.carrier, v.tracking_no, v.collector_name, v.collector_id, "
		       "h.name FROM case_deliveries v LEFT JOIN halls h ON h.id = v.hall_id WHERE v.case_id = $1 "
		       "ORDER BY v.id",
		       delivery_row, &l, YW_PINT(case_id)));
}

int yw_cs_pickup_case(struct yw_conn *c, const char *code_hash, int64_t *case_id)
{
	*case_id = 0;
	return found(yw_q(c, "SELECT case_id FROM case_deliveries WHERE code_hash = $1 AND state = 'pending'",
			  yw_row_get_int, case_id, YW_PTEXT(code_hash)));
}

/* ---- people ---- */

int yw_cs_heads_replace(struct yw_conn *c, int64_t department_id, const int64_t *staff, int n, int64_t now)
{
	int r = yw_q(c, "DELETE FROM department_heads WHERE department_id = $1", NULL, NULL, YW_PINT(department_id));
	for (int i = 0; r >= 0 && i < n; i++)
		r = yw_q(c,
			 "INSERT INTO department_heads (department_id, staff_id, created_at) VALUES ($1, $2, $3) "
			 "ON CONFLICT (department_id, staff_id) DO NOTHING",
			 NULL, NULL, YW_PINT(department_id), YW_PINT(staff[i]), YW_PINT(now));
	return ok(r);
}

struct ids_out {
	int64_t **ids;
	int *n;
};

static int id_each(void *ctx, const struct yw_row *r)
{
	struct ids_out *o = ctx;
	int64_t *slot = grow((void **)o->ids, o->n, sizeof **o->ids);
	*slot = yw_row_int(r, 0);
	return 0;
}

int yw_cs_heads(struct yw_conn *c, int64_t department_id, int64_t **staff, int *n)
{
	struct ids_out o = {staff, n};
	return ok(yw_q(c, "SELECT staff_id FROM department_heads WHERE department_id = $1 ORDER BY staff_id", id_each,
		       &o, YW_PINT(department_id)));
}

int yw_cs_is_head(struct yw_conn *c, int64_t department_id, int64_t staff_id, bool *out)
{
	int64_t n = 0;
	int r = yw_q(c, "SELECT COUNT(*) FROM department_heads WHERE department_id = $1 AND staff_id = $2",
		     yw_row_get_int, &n, YW_PINT(department_id), YW_PINT(staff_id));
	*out = n > 0;
	return ok(r);
}

static int staff_row(void *ctx, const struct yw_row *r)
{
	void **out = ctx;
	*(int64_t *)out[0] = col_int(r, 0);
	col_copy(out[1], *(size_t *)out[2], r, 1);
	return 1;
}

int yw_cs_staff(struct yw_conn *c, int64_t id, int64_t *department_id, char *roles, size_t n)
{
	void *out[3] = {department_id, roles, &n};
	return found(yw_q(c, "SELECT department_id, roles FROM staff WHERE id = $1 AND active = 1", staff_row, out,
			  YW_PINT(id)));
}

struct phone_iter {
	int (*fn)(void *ctx, const char *phone);
	void *ctx;
};

static int phone_each(void *ctx, const struct yw_row *r)
{
	struct phone_iter *it = ctx;
	return yw_row_null(r, 0) ? 0 : it->fn(it->ctx, yw_row_text(r, 0));
}

int yw_cs_staff_phones(struct yw_conn *c, const char *role, int64_t department_id, const char *region_path,
		       int (*fn)(void *ctx, const char *phone), void *ctx)
{
	struct phone_iter it = {fn, ctx};
	char pattern[48];
	snprintf(pattern, sizeof pattern, "%%\"%s\"%%", role);
	if (department_id)
		return ok(yw_q(c,
			       "SELECT phone FROM staff WHERE department_id = $1 AND active = 1 AND roles LIKE $2 "
			       "ORDER BY id",
			       phone_each, &it, YW_PINT(department_id), YW_PTEXT(pattern)));
	/* Supervisors whose region holds the case's region (or no region). */
	return ok(yw_q(c,
		       "SELECT s.phone FROM staff s LEFT JOIN regions g ON g.id = s.region_id WHERE s.active = 1 "
		       "AND s.roles LIKE $1 AND (g.path IS NULL OR SUBSTR($2, 1, LENGTH(g.path)) = g.path) "
		       "ORDER BY s.id",
		       phone_each, &it, YW_PTEXT(pattern), YW_PTEXT(region_path)));
}

/* ---- lists and the sweep ---- */

static int list_row(void *ctx, const struct yw_row *r)
{
	struct yw_case_page *p = ctx;
	struct yw_case_row *x = grow((void **)&p->rows, &p->n, sizeof *x);
	x->id = yw_row_int(r, 0);
	x->hall_id = col_int(r, 1);
	x->department_id = col_int(r, 2);
	x->received_at = col_int(r, 3);
	x->accepted_at = col_int(r, 4);
	x->decided_at = col_int(r, 5);
	col_copy(x->case_no, sizeof x->case_no, r, 6);
	col_copy(x->item_name, sizeof x->item_name, r, 7);
	col_copy(x->state, sizeof x->state, r, 8);
	col_copy(x->outcome, sizeof x->outcome, r, 9);
	col_copy(x->warn_level, sizeof x->warn_level, r, 10);
	col_copy(x->applicant_name, sizeof x->applicant_name, r, 11);
	col_copy(x->applicant_phone, sizeof x->applicant_phone, r, 12);
	col_copy(x->due_promised, sizeof x->due_promised, r, 13);
	col_copy(x->delivery_due, sizeof x->delivery_due, r, 14);
	col_copy(x->hall_name, sizeof x->hall_name, r, 15);
	col_copy(x->department_name, sizeof x->department_name, r, 16);
	col_copy(x->delivery_method, sizeof x->delivery_method, r, 17);
	col_copy(x->delivery_state, sizeof x->delivery_state, r, 18);
	return 0;
}

/* One statement serves every combination of filters ($n IS NULL OR …).
 * $9 is a hall's region path: the case's region must hold it (通办通取). */
#define LIST_WHERE                                                                                             \
	" WHERE ($1 IS NULL OR k.state = $1) AND ($2 IS NULL OR k.warn_level = $2 "                             \
	"OR ($2 = 'warned' AND k.warn_level <> 'none')) "                          \
	"AND ($3 IS NULL OR k.case_no = $3) AND ($4 IS NULL OR k.hall_id = $4) "                             \
	"AND ($5 IS NULL OR k.department_id = $5 OR EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = k.id " \
	"AND s.department_id = $5)) AND ($6 IS NULL OR k.applicant_phone = $6 OR k.agent_phone = $6) "        \
	"AND ($7 IS NULL OR SUBSTR(g.path, 1, LENGTH(CAST($7 AS TEXT))) = $7) "                                \
	"AND ($8 IS NULL OR (k.extension_state = $8 AND ($5 IS NULL OR k.extension_department_id = $5))) "     \
	"AND ($9 IS NULL OR SUBSTR(CAST($9 AS TEXT), 1, LENGTH(g.path)) = g.path) "                           \
	"AND ($10 IS NULL OR CASE WHEN $10 = 'unchosen' THEN k.state = 'decided' AND NOT EXISTS (SELECT 1 "     \
	"FROM case_deliveries v WHERE v.case_id = k.id) ELSE (SELECT v.state FROM case_deliveries v WHERE "    \
	"v.case_id = k.id ORDER BY v.id DESC LIMIT 1) = $10 END)"

int yw_cs_list(struct yw_conn *c, const struct yw_cs_list_filter *f, struct yw_case_page *out)
{
	const struct yw_case_query *q = f->q;
	/* The reader's scope narrows the filter; a filter outside it finds nothing. */
	int64_t hall = q->hall_id, dept = q->department_id;
	if (f->scope_hall) {
		if (hall && hall != f->scope_hall)
			return YW_OK;
		hall = f->scope_hall;
	}
	if (f->scope_department) {
		if (dept && dept != f->scope_department)
			return YW_OK;
		dept = f->scope_department;
	}
	struct yw_param p[12] = {opt_text(q->state),	   opt_text(q->level),	    opt_text(q->case_no),
				 opt_int(hall),		   opt_int(dept),	    opt_text(q->phone),
				 opt_text(f->scope_path),  opt_text(q->extension), opt_text(f->scope_within),
				 opt_text(q->delivery),	   YW_PINT(q->limit),	    YW_PINT(q->offset)};
	int r = yw_db_query(c, "SELECT COUNT(*) FROM cases k JOIN regions g ON g.id = k.region_id" LIST_WHERE, p, 10,
			    yw_row_get_int, &out->total);
	if (r < 0)
		return r;
	/* The latest delivery of each row of the page only (an indexed read
	 * per row), so the list says whether the result is out. */
	return ok(yw_db_query(c,
			      "SELECT k.id, k.hall_id, k.department_id, k.received_at, k.accepted_at, k.decided_at, "
			      "k.case_no, k.item_name, k.state, k.outcome, k.warn_level, k.applicant_name, "
			      "k.applicant_phone, k.due_promised, k.delivery_due, h.name, d.name, "
			      "(SELECT v.method FROM case_deliveries v WHERE v.case_id = k.id ORDER BY v.id DESC LIMIT 1), "
			      "(SELECT v.state FROM case_deliveries v WHERE v.case_id = k.id ORDER BY v.id DESC LIMIT 1) "
			      "FROM cases k JOIN regions g ON g.id = k.region_id LEFT JOIN halls h ON h.id = k.hall_id "
			      "JOIN departments d ON d.id = k.department_id" LIST_WHERE
			      " ORDER BY k.id DESC LIMIT $11 OFFSET $12",
			      p, 12, list_row, out));
}

int yw_cs_department_involved(struct yw_conn *c, int64_t case_id, int64_t department_id, bool *out)
{
	int64_t n = 0;
	int r = yw_q(c,
		     "SELECT (SELECT COUNT(*) FROM cases WHERE id = $1 AND department_id = $2) + "
		     "(SELECT COUNT(*) FROM case_steps WHERE case_id = $1 AND department_id = $2)",
		     yw_row_get_int, &n, YW_PINT(case_id), YW_PINT(department_id));
	*out = n > 0;
	return ok(r);
}

struct id_page {
	int64_t *ids;
	int n, cap;
};

static int id_page_row(void *ctx, const struct yw_row *r)
{
	struct id_page *p = ctx;
	if (p->n < p->cap)
		p->ids[p->n++] = yw_row_int(r, 0);
	return 0;
}

int yw_cs_ids_in_state(struct yw_conn *c, const char *state, int64_t after, int limit, int64_t *ids, int *n)
{
	struct id_page p = {ids, 0, limit};
	int r = yw_q(c, "SELECT id FROM cases WHERE state = $1 AND id > $2 ORDER BY id LIMIT $3", id_page_row, &p,
		     YW_PTEXT(state), YW_PINT(after), YW_PINT(limit));
	*n = p.n;
	return ok(r);
}

struct warn_counts {
	struct yw_case_warn_count **rows;
	int *n;
};

static int warn_row(void *ctx, const struct yw_row *r)
{
	struct warn_counts *w = ctx;
	int64_t dept = yw_row_int(r, 0);
	struct yw_case_warn_count *x = NULL;
	for (int i = 0; i < *w->n; i++)
		if ((*w->rows)[i].department_id == dept)
			x = &(*w->rows)[i];
	if (!x) {
		x = grow((void **)w->rows, w->n, sizeof *x);
		x->department_id = dept;
		col_copy(x->name, sizeof x->name, r, 3);
	}
	if (!strcmp(yw_row_text(r, 1), "red"))
		x->red = col_int(r, 2);
	else
		x->yellow = col_int(r, 2);
	return 0;
}

int yw_cs_warn_counts(struct yw_conn *c, const char *scope_path, struct yw_case_warn_count **out, int *n)
{
	struct warn_counts w = {out, n};
	return ok(yw_q(c,
		       "SELECT k.department_id, k.warn_level, COUNT(*), d.name FROM cases k "
		       "JOIN departments d ON d.id = k.department_id JOIN regions g ON g.id = k.region_id "
		       "WHERE k.warn_level <> 'none' AND ($1 IS NULL OR SUBSTR(g.path, 1, LENGTH(CAST($1 AS TEXT))) = $1) "
		       "GROUP BY k.department_id, k.warn_level, d.name ORDER BY k.department_id",
		       warn_row, &w, opt_text(scope_path)));
}

int yw_cs_case_count(struct yw_conn *c, int64_t *n)
{
	*n = 0;
	return ok(yw_q0(c, "SELECT COUNT(*) FROM cases", yw_row_get_int, n));
}

int yw_cs_issuing_window(struct yw_conn *c, int64_t hall_id, int64_t *window_id)
{
	*window_id = 0;
	return found(yw_q(c, "SELECT id FROM windows WHERE hall_id = $1 AND type = 'issuing' ORDER BY number LIMIT 1",
			  yw_row_get_int, window_id, YW_PINT(hall_id)));
}
