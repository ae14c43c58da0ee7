/* The calendar kept in the store: imports and closures (audited, each in
 * one write transaction that also moves the calendar version), reading it
 * back, and the live in-memory calendar of a server process. */
#include "yw/calendar_svc.h"
#include "yw/audit.h"
#include "yw/calendar_store.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A transaction body's way to say "roll back, nothing to do": positive, so
 * the runner hands it back instead of treating it as an error. */
enum { TX_UNCHANGED = 2 };

void yw_calendar_year_info_clear(struct yw_calendar_year_info *y)
{
	free(y->source);
	free(y->imported_by);
	memset(y, 0, sizeof *y);
}

void yw_calendar_year_infos_free(struct yw_calendar_year_info *ys, int n)
{
	for (int i = 0; i < n; i++)
		yw_calendar_year_info_clear(&ys[i]);
	free(ys);
}

void yw_calendar_closure_info_clear(struct yw_calendar_closure_info *c)
{
	free(c->reason);
	free(c->created_by);
	memset(c, 0, sizeof *c);
}

void yw_calendar_closure_infos_free(struct yw_calendar_closure_info *cs, int n)
{
	for (int i = 0; i < n; i++)
		yw_calendar_closure_info_clear(&cs[i]);
	free(cs);
}

static const char *actor_name(const struct yw_actor *who)
{
	return who && who->name ? who->name : "system";
}

/* ---- import ---- */

struct import_ctx {
	const struct yw_actor *who;
	const struct yw_calendar_file *f;
	const char *source;
	const char *digest;
	struct yw_calendar_import_result *res;
	struct yw_error *err;
};

static int import_tx(struct yw_conn *c, void *arg)
{
	struct import_ctx *ic = arg;
	const struct yw_calendar_file *f = ic->f;
	int64_t version;
	int r = yw_calstore_bump(c, &version);
	if (r)
		return r;
	struct yw_calendar_year_info old = {0};
	r = yw_calstore_year_get(c, f->year, &old);
	if (r && r != YW_NOTFOUND)
		return r;
	bool existed = r == YW_OK;
	bool same = existed && old.has_data == (f->n > 0) && !strcmp(old.digest, ic->digest);
	bool erase = existed && old.has_data && f->n == 0;
	int old_days = old.days;
	yw_calendar_year_info_clear(&old);
	if (same)
		return TX_UNCHANGED;
	if (erase) {
		yw_error_set(ic->err, YW_E_CALENDAR_HAS_DATA, "days",
			     "%d 年已有 %d 天的节假日安排，空文件不会覆盖它 / %d already has %d listed days; "
			     "an empty file would erase them",
			     f->year, old_days, f->year, old_days);
		return YW_FAIL;
	}
	struct yw_calendar_year_info y = {
		.year = f->year,
		.has_data = f->n > 0,
		.days = (int)f->n,
		.source = (char *)ic->source,
		.imported_by = (char *)actor_name(ic->who),
		.imported_at = yw_now_ms(),
	};
	snprintf(y.digest, sizeof y.digest, "%s", ic->digest);
	r = yw_calstore_year_put(c, &y, f);
	if (r)
		return r;
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"year\":%d,\"has_data\":%s,\"days\":%d,\"source\":", f->year,
		      f->n ? "true" : "false", (int)f->n);
	yw_buf_json_str(&b, ic->source);
	if (existed)
		yw_buf_printf(&b, ",\"replaced_days\":%d", old_days);
	yw_buf_printf(&b, ",\"digest\":\"%s\",\"calendar_version\":%lld}", ic->digest,
		      (long long)version);
	r = yw_audit_append(c, ic->who, existed ? "reimport" : "import", "calendar_year", f->year,
			    b.data);
	yw_buf_free(&b);
	if (r)
		return r;
	ic->res->version = version;
	return YW_OK;
}

int yw_calendar_import(struct yw_store *s, const struct yw_actor *who, const char *json_text,
		       int expect_year, const char *source, struct yw_calendar_import_result *res,
		       struct yw_error *err)
{
	memset(res, 0, sizeof *res);
	struct yw_calendar_file f;
	if (yw_calendar_parse_holiday_cn(json_text, expect_year, &f, err) != YW_OK)
		return YW_FAIL;
	char digest[65];
	yw_calendar_file_digest(&f, digest);
	res->year = f.year;
	res->has_data = f.n > 0;
	res->days = (int)f.n;
	struct import_ctx ic = {who, &f, source && *source ? source : "unknown", digest, res, err};
	int r = yw_store_tx(s, YW_TX_WRITE, import_tx, &ic);
	yw_calendar_file_clear(&f);
	if (r == TX_UNCHANGED) {
		res->changed = false;
		return yw_calendar_store_version(s, &res->version);
	}
	res->changed = r == YW_OK;
	return r;
}

/* ---- closures ---- */

#define REASON_MAX 100

static int check_closure(struct yw_date d, const char *reason, struct yw_error *err)
{
	if (!yw_date_valid(d) || d.y < YW_CALENDAR_YEAR_MIN || d.y > YW_CALENDAR_YEAR_MAX) {
		yw_error_set(err, YW_E_BAD_FORMAT, "date", "日期应在 %d-%d 年之间 / the date must be in %d-%d",
			     YW_CALENDAR_YEAR_MIN, YW_CALENDAR_YEAR_MAX, YW_CALENDAR_YEAR_MIN,
			     YW_CALENDAR_YEAR_MAX);
		return YW_FAIL;
	}
	if (!reason) {
		yw_error_set(err, YW_E_MISSING_FIELD, "reason", "请填写停工原因 / a reason is required");
		return YW_FAIL;
	}
	size_t len = strlen(reason);
	if (!yw_utf8_valid(reason, len)) {
		yw_error_set(err, YW_E_BAD_UTF8, "reason", "原因不是合法的 UTF-8 文本 / not valid UTF-8");
		return YW_FAIL;
	}
	/* Blank reasons say nothing to the citizen whose deadline moved. */
	bool blank = true;
	for (const char *p = reason; *p && blank; p++)
		blank = *p == ' ' || *p == '\t';
	if (blank) {
		yw_error_set(err, YW_E_MISSING_FIELD, "reason", "请填写停工原因 / a reason is required");
		return YW_FAIL;
	}
	for (const char *p = reason; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			yw_error_set(err, YW_E_BAD_FORMAT, "reason", "原因不能含控制字符 / no control characters");
			return YW_FAIL;
		}
	if (yw_utf8_len(reason) > REASON_MAX) {
		yw_error_set(err, YW_E_TOO_LONG, "reason", "原因最多 %d 个字符 / at most %d characters",
			     REASON_MAX, REASON_MAX);
		return YW_FAIL;
	}
	return YW_OK;
}

/* Audit entity ids are numbers: a date becomes 20260916. */
static int64_t date_id(struct yw_date d)
{
	return (int64_t)d.y * 10000 + d.m * 100 + d.d;
}

struct closure_ctx {
	const struct yw_actor *who;
	struct yw_calendar_closure_info cl;
	int64_t version;
	struct yw_error *err;
};

static int closure_add_tx(struct yw_conn *c, void *arg)
{
	struct closure_ctx *cc = arg;
	int r = yw_calstore_bump(c, &cc->version);
	if (r)
		return r;
	cc->cl.created_at = yw_now_ms();
	r = yw_calstore_closure_insert(c, &cc->cl);
	if (r == YW_DB_HARD && yw_db_err_unique(c)) {
		char d[11];
		yw_date_format(cc->cl.date, d);
		yw_error_set(cc->err, YW_E_DUPLICATE, "date", "%s 已设为停工日 / %s is already closed", d, d);
		return YW_FAIL;
	}
	if (r)
		return r;
	char d[11];
	yw_date_format(cc->cl.date, d);
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"date\":\"%s\",\"reason\":", d);
	yw_buf_json_str(&b, cc->cl.reason);
	yw_buf_printf(&b, ",\"calendar_version\":%lld}", (long long)cc->version);
	r = yw_audit_append(c, cc->who, "create", "calendar_closure", date_id(cc->cl.date), b.data);
	yw_buf_free(&b);
	return r;
}

int yw_calendar_closure_add(struct yw_store *s, const struct yw_actor *who, struct yw_date d,
			    const char *reason, struct yw_calendar_closure_info *out, int64_t *version,
			    struct yw_error *err)
{
	if (check_closure(d, reason, err) != YW_OK)
		return YW_FAIL;
	struct closure_ctx cc = {
		.who = who,
		.cl = {.date = d, .reason = (char *)reason, .created_by = (char *)actor_name(who)},
		.err = err,
	};
	int r = yw_store_tx(s, YW_TX_WRITE, closure_add_tx, &cc);
	if (r)
		return r;
	if (version)
		*version = cc.version;
	if (out) {
		*out = cc.cl;
		out->reason = yw_strdup(reason);
		out->created_by = yw_strdup(cc.cl.created_by);
	}
	return YW_OK;
}

static int closure_remove_tx(struct yw_conn *c, void *arg)
{
	struct closure_ctx *cc = arg;
	int r = yw_calstore_bump(c, &cc->version);
	if (r)
		return r;
	struct yw_calendar_closure_info old = {0};
	r = yw_calstore_closure_delete(c, cc->cl.date, &old);
	char d[11];
	yw_date_format(cc->cl.date, d);
	if (r == YW_NOTFOUND) {
		yw_error_set(cc->err, YW_E_NOT_FOUND, "date", "%s 没有停工安排 / %s is not closed", d, d);
		return YW_FAIL;
	}
	if (r)
		return r;
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"date\":\"%s\",\"reason\":", d);
	yw_buf_json_str(&b, old.reason);
	yw_buf_adds(&b, ",\"created_by\":");
	yw_buf_json_str(&b, old.created_by);
	yw_buf_printf(&b, ",\"calendar_version\":%lld}", (long long)cc->version);
	yw_calendar_closure_info_clear(&old);
	r = yw_audit_append(c, cc->who, "delete", "calendar_closure", date_id(cc->cl.date), b.data);
	yw_buf_free(&b);
	return r;
}

int yw_calendar_closure_remove(struct yw_store *s, const struct yw_actor *who, struct yw_date d,
			       int64_t *version, struct yw_error *err)
{
	if (!yw_date_valid(d)) {
		yw_error_set(err, YW_E_BAD_FORMAT, "date", "日期不存在 / not a real date");
		return YW_FAIL;
	}
	struct closure_ctx cc = {.who = who, .cl = {.date = d}, .err = err};
	int r = yw_store_tx(s, YW_TX_WRITE, closure_remove_tx, &cc);
	if (!r && version)
		*version = cc.version;
	return r;
}

/* ---- reading ---- */

struct years_ctx {
	struct yw_calendar_year_info *ys;
	int n;
	int64_t version;
};

static int years_tx(struct yw_conn *c, void *arg)
{
	struct years_ctx *yc = arg;
	yw_calendar_year_infos_free(yc->ys, yc->n);
	yc->ys = NULL;
	yc->n = 0;
	int r = yw_calstore_version(c, &yc->version);
	return r ? r : yw_calstore_years(c, &yc->ys, &yc->n);
}

int yw_calendar_years_info(struct yw_store *s, struct yw_calendar_year_info **out, int *n,
			   int64_t *version)
{
	struct years_ctx yc = {0};
	int r = yw_store_tx(s, YW_TX_READ, years_tx, &yc);
	if (r) {
		yw_calendar_year_infos_free(yc.ys, yc.n);
		return r;
	}
	*out = yc.ys;
	*n = yc.n;
	if (version)
		*version = yc.version;
	return YW_OK;
}

struct closures_ctx {
	struct yw_calendar_closure_info *cs;
	int n;
};

static int closures_tx(struct yw_conn *c, void *arg)
{
	struct closures_ctx *cc = arg;
	yw_calendar_closure_infos_free(cc->cs, cc->n);
	cc->cs = NULL;
	cc->n = 0;
	return yw_calstore_closures(c, &cc->cs, &cc->n);
}

int yw_calendar_closures(struct yw_store *s, struct yw_calendar_closure_info **out, int *n)
{
	struct closures_ctx cc = {0};
	int r = yw_store_tx(s, YW_TX_READ, closures_tx, &cc);
	if (r) {
		yw_calendar_closure_infos_free(cc.cs, cc.n);
		return r;
	}
	*out = cc.cs;
	*n = cc.n;
	return YW_OK;
}

static int version_tx(struct yw_conn *c, void *arg)
{
	return yw_calstore_version(c, arg);
}

int yw_calendar_store_version(struct yw_store *s, int64_t *version)
{
	*version = 0;
	return yw_store_tx(s, YW_TX_READ, version_tx, version);
}

struct build_ctx {
	struct yw_calendar *cal;
	int64_t version;
};

static int build_tx(struct yw_conn *c, void *arg)
{
	struct build_ctx *bc = arg;
	/* A retried body starts over from an empty calendar. */
	yw_calendar_free(bc->cal);
	bc->cal = yw_calendar_new();
	int r = yw_calstore_version(c, &bc->version);
	if (r)
		return r;
	struct yw_calendar_file *files = NULL;
	int nf = 0;
	r = yw_calstore_files(c, &files, &nf);
	if (r)
		return r;
	for (int i = 0; i < nf; i++) {
		yw_calendar_put_year(bc->cal, &files[i]);
		yw_calendar_file_clear(&files[i]);
	}
	free(files);
	struct yw_calendar_closure_info *cs = NULL;
	int nc = 0;
	r = yw_calstore_closures(c, &cs, &nc);
	if (r)
		return r;
	for (int i = 0; i < nc; i++)
		yw_calendar_set_closure(bc->cal, cs[i].date, cs[i].reason, NULL);
	yw_calendar_closure_infos_free(cs, nc);
	return YW_OK;
}

int yw_calendar_build(struct yw_store *s, struct yw_calendar **out, int64_t *version,
		      struct yw_error *err)
{
	struct build_ctx bc = {0};
	int r = yw_store_tx(s, YW_TX_READ, build_tx, &bc);
	if (r) {
		yw_calendar_free(bc.cal);
		yw_error_set(err, YW_E_STORE, "", "无法读取工作日历 / cannot read the calendar");
		return r;
	}
	*out = bc.cal;
	if (version)
		*version = bc.version;
	return YW_OK;
}

/* ---- the live calendar ---- */

/* A snapshot is shared by the requests using it and by the live object while
 * it is current; the last one to let go frees it. */
struct snap {
	struct yw_calendar_snap pub; /* first, so the public pointer is the snap */
	atomic_int refs;
};

struct yw_calendar_live {
	struct yw_store *store;
	int64_t check_us;
	_Atomic int64_t next_check_us;
	pthread_mutex_t mu;       /* guards cur (held for a pointer copy only) */
	pthread_mutex_t build_mu; /* one rebuild at a time, so the newest wins */
	struct snap *cur;
};

static struct snap *snap_new(struct yw_calendar *cal, int64_t version)
{
	struct snap *p = yw_calloc(1, sizeof *p);
	p->pub.cal = cal;
	p->pub.version = version;
	atomic_init(&p->refs, 1);
	return p;
}

void yw_calendar_live_release(const struct yw_calendar_snap *snap)
{
	if (!snap)
		return;
	struct snap *p = (struct snap *)snap;
	if (atomic_fetch_sub(&p->refs, 1) == 1) {
		yw_calendar_free((struct yw_calendar *)p->pub.cal);
		free(p);
	}
}

struct yw_calendar_live *yw_calendar_live_new(struct yw_store *s, int64_t check_ms,
					      struct yw_error *err)
{
	struct yw_calendar *cal;
	int64_t version;
	if (yw_calendar_build(s, &cal, &version, err) != YW_OK)
		return NULL;
	struct yw_calendar_live *l = yw_calloc(1, sizeof *l);
	l->store = s;
	l->check_us = (check_ms > 0 ? check_ms : 1) * 1000;
	atomic_init(&l->next_check_us, yw_mono_us() + l->check_us);
	pthread_mutex_init(&l->mu, NULL);
	pthread_mutex_init(&l->build_mu, NULL);
	l->cur = snap_new(cal, version);
	return l;
}

void yw_calendar_live_free(struct yw_calendar_live *l)
{
	if (!l)
		return;
	yw_calendar_live_release(&l->cur->pub);
	pthread_mutex_destroy(&l->mu);
	pthread_mutex_destroy(&l->build_mu);
	free(l);
}

static struct snap *current(struct yw_calendar_live *l)
{
	pthread_mutex_lock(&l->mu);
	struct snap *p = l->cur;
	atomic_fetch_add(&p->refs, 1);
	pthread_mutex_unlock(&l->mu);
	return p;
}

/* Builds outside the pointer lock (readers keep going on the old calendar)
 * and swaps when done; the old one is freed by its last reader. */
static int rebuild(struct yw_calendar_live *l, int64_t at_least)
{
	pthread_mutex_lock(&l->build_mu);
	struct snap *now = current(l);
	bool fresh = now->pub.version >= at_least;
	yw_calendar_live_release(&now->pub);
	if (fresh) {
		pthread_mutex_unlock(&l->build_mu);
		return YW_OK;
	}
	struct yw_calendar *cal;
	int64_t version;
	struct yw_error err = {0};
	int r = yw_calendar_build(l->store, &cal, &version, &err);
	if (r == YW_OK) {
		struct snap *p = snap_new(cal, version);
		pthread_mutex_lock(&l->mu);
		struct snap *old = l->cur;
		l->cur = p;
		pthread_mutex_unlock(&l->mu);
		yw_calendar_live_release(&old->pub);
		yw_log(YW_LOG_INFO, "calendar_rebuilt", "\"version\":%lld", (long long)version);
	}
	pthread_mutex_unlock(&l->build_mu);
	return r;
}

int yw_calendar_live_refresh(struct yw_calendar_live *l, int64_t at_least)
{
	return rebuild(l, at_least);
}

static void maybe_check(struct yw_calendar_live *l)
{
	int64_t now = yw_mono_us();
	int64_t due = atomic_load(&l->next_check_us);
	/* Only the caller that moves the due time does the check; the others
	 * go on with the calendar they have. */
	if (now < due || !atomic_compare_exchange_strong(&l->next_check_us, &due, now + l->check_us))
		return;
	int64_t version;
	if (yw_calendar_store_version(l->store, &version) != YW_OK) {
		yw_log(YW_LOG_WARN, "calendar_check_failed", "\"hint\":\"keeping the calendar we have\"");
		return;
	}
	struct snap *cur = current(l);
	bool moved = version != cur->pub.version;
	int64_t have = cur->pub.version;
	yw_calendar_live_release(&cur->pub);
	/* != rather than >: a store restored from a backup goes back too. */
	if (moved && rebuild(l, version > have ? version : have + 1) != YW_OK)
		yw_log(YW_LOG_WARN, "calendar_rebuild_failed", "\"version\":%lld", (long long)version);
}

const struct yw_calendar_snap *yw_calendar_live_acquire(struct yw_calendar_live *l)
{
	maybe_check(l);
	return &current(l)->pub;
}
