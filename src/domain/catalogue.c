/* The life-cycle of catalogue items: create (a draft), edit (the open draft,
 * or a new draft after the published version), publish (the draft replaces
 * the published version, which is kept as superseded), retire. Each public
 * function is one store transaction; every change writes its audit row in
 * it, and a failure anywhere leaves the store as it was. */
#include "catalogue_internal.h"
#include "yw/audit.h"
#include "yw/entity_store.h"
#include "yw/item_store.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t ready_once = PTHREAD_ONCE_INIT;

static void init_entities(void)
{
	for (int i = 0; yw_entities[i]; i++)
		yw_entity_store_init(yw_entities[i]);
}

void yw_catalogue_ready(void) { pthread_once(&ready_once, init_entities); }

void yw_item_view_clear(struct yw_item_view *v)
{
	free(v->created_by_name);
	free(v->source);
	free(v->content);
	for (int i = 0; i < v->nhalls; i++) {
		struct yw_hall_detail *h = &v->halls[i];
		free(h->name);
		free(h->level);
		free(h->address);
		free(h->phone);
		free(h->hours);
	}
	free(v->halls);
	memset(v, 0, sizeof *v);
}

struct op {
	const struct yw_actor *who;
	struct yw_item *it;
	int64_t id, revision;
	struct yw_item_view *out;
	struct yw_error *err;
	const char *reason; /* retire */
};

static int not_found(struct yw_error *err, int64_t id)
{
	yw_error_set(err, YW_E_NOT_FOUND, "id", "事项 %lld 不存在 / no such item", (long long)id);
	return YW_NOTFOUND;
}

/* Reads the item, checks the revision the client saw and the actor's scope. */
static int take(struct yw_conn *c, struct op *o, struct yw_item_head *h)
{
	int st = yw_istore_head(c, o->id, h);
	if (st == YW_NOTFOUND)
		return not_found(o->err, o->id);
	if (st)
		return st;
	if (o->revision && h->revision != o->revision) {
		yw_error_set(o->err, YW_E_CONFLICT, "revision",
			     "当前修订号为 %lld，您提交的是 %lld / stored revision is %lld",
			     (long long)h->revision, (long long)o->revision, (long long)h->revision);
		return YW_FAIL;
	}
	return yw_item_scope(c, o->who, h->region_id, h->department_id, o->err);
}

/* Moves the revision on; a writer that committed since we read loses here:
 * CONFLICT when the client named a revision, else run again on fresh data. */
static int bump(struct yw_conn *c, struct op *o, const struct yw_item_head *h, int64_t now)
{
	int st = yw_istore_bump(c, h->id, h->revision, now);
	if (st != YW_NOTFOUND)
		return st;
	if (!o->revision)
		return YW_RETRY;
	yw_error_set(o->err, YW_E_CONFLICT, "revision", "事项已被他人修改 / the item changed meanwhile");
	return YW_FAIL;
}

static int audit(struct yw_conn *c, const struct yw_actor *who, const char *action, int64_t id,
		 const char *summary)
{
	int st = yw_istore_bump_generation(c);
	return st ? st : yw_audit_append(c, who, action, "item", id, summary);
}

/* The version replies show, with the current records of its halls. */
static int reply(struct yw_conn *c, struct op *o, int version)
{
	int st = yw_istore_get(c, o->id, version, o->out);
	if (!st)
		st = yw_istore_version_halls(c, o->out->version_id, o->out);
	return st == YW_OK ? YW_OK : YW_STORE_ERR;
}

static int check_new(struct yw_conn *c, struct op *o)
{
	int st = yw_item_resolve(c, o->it, NULL, o->err);
	if (!st)
		st = yw_item_check_rules(o->it, o->err);
	if (!st)
		st = yw_item_scope(c, o->who, o->it->region_id, o->it->department_id, o->err);
	return st;
}

static int code_taken(struct yw_error *err, const char *code)
{
	yw_error_set(err, YW_E_CODE_TAKEN, "code", "实施编码 %s 已被本区划的其他事项使用 / code in use", code);
	return YW_FAIL;
}

static int create_tx(struct yw_conn *c, void *arg)
{
	struct op *o = arg;
	struct yw_item *it = o->it;
	struct yw_item_head h;
	int st = check_new(c, o);
	if (st)
		return st;
	st = yw_istore_head_by_code(c, it->region_id, it->code, &h);
	if (st != YW_NOTFOUND)
		return st ? st : code_taken(o->err, it->code);
	int64_t now = yw_now_ms();
	memset(&h, 0, sizeof h);
	snprintf(h.code, sizeof h.code, "%s", it->code);
	snprintf(h.status, sizeof h.status, "draft");
	h.region_id = it->region_id;
	h.department_id = it->department_id;
	h.draft_version = h.latest_version = 1;
	h.created_at = now;
	st = yw_istore_insert_item(c, &h);
	if (st == YW_DB_HARD && yw_db_err_unique(c))
		return code_taken(o->err, it->code);
	if (st)
		return st;
	char *content = yw_item_to_json(it, true);
	struct yw_version_write w = {h.id, 1, "draft", content, "api", it, o->who, now, 0};
	int64_t vid = 0;
	st = yw_istore_insert_version(c, &w, &vid);
	if (!st)
		st = yw_istore_version_links(c, vid, it, true);
	if (!st)
		st = yw_istore_index(c, &(struct yw_index_write){vid, h.id, 1, "draft", it});
	free(content);
	char *summary = yw_asprintf("{\"code\":\"%s\",\"version\":1,\"status\":\"draft\"}", h.code);
	if (!st)
		st = audit(c, o->who, "create", h.id, summary);
	free(summary);
	o->id = h.id;
	return st ? st : reply(c, o, YW_ITEM_V_HEAD);
}

static int immutable(struct op *o, const struct yw_item_head *h)
{
	if (strcmp(o->it->code, h->code)) {
		yw_error_set(o->err, YW_E_ITEM_IMMUTABLE, "code", "事项编码为 %s，不能改为 %s", h->code,
			     o->it->code);
		return YW_FAIL;
	}
	if (o->it->region_id != h->region_id) {
		yw_error_set(o->err, YW_E_ITEM_IMMUTABLE, "region_id", "事项所在区划不能修改");
		return YW_FAIL;
	}
	return YW_OK;
}

/* The open draft takes the new content, or a new draft is opened. */
static int write_draft(struct yw_conn *c, struct op *o, struct yw_item_head *h, const char *content,
		       int64_t now)
{
	struct yw_version_write w = {h->id, 0, "draft", content, "api", o->it, o->who, now, 0};
	int64_t vid = 0;
	bool fresh = !h->draft_version;
	int st;
	if (!fresh) {
		w.version = h->draft_version;
		st = yw_istore_version_ref(c, h->id, h->draft_version, &vid, (char[12]){0});
		if (!st)
			st = yw_istore_update_draft(c, vid, &w);
	} else {
		w.version = h->draft_version = h->latest_version = h->latest_version + 1;
		st = yw_istore_insert_version(c, &w, &vid);
	}
	if (!st)
		st = yw_istore_version_links(c, vid, o->it, fresh);
	if (!st)
		st = yw_istore_index(c, &(struct yw_index_write){vid, h->id, w.version, "draft", o->it});
	if (!st)
		st = yw_istore_index_head(c, h->id, vid);
	h->department_id = o->it->department_id;
	return st ? st : yw_istore_update_item(c, h);
}

static int edit_tx(struct yw_conn *c, void *arg)
{
	struct op *o = arg;
	struct yw_item_head h;
	struct yw_item_view old = {0};
	char *content = NULL;
	int st = take(c, o, &h);
	if (!st)
		st = check_new(c, o);
	if (!st)
		st = immutable(o, &h);
	if (!st)
		st = yw_istore_get(c, h.id, YW_ITEM_V_HEAD, &old);
	if (!st) {
		content = yw_item_to_json(o->it, true);
		if (!strcmp(content, old.content)) {
			/* Nothing changed: no new version, no audit row. */
			yw_item_view_clear(o->out);
			*o->out = old;
			free(content);
			return yw_istore_version_halls(c, o->out->version_id, o->out);
		}
	}
	int64_t now = yw_now_ms();
	if (!st)
		st = bump(c, o, &h, now);
	if (!st)
		st = write_draft(c, o, &h, content, now);
	if (!st) {
		char *diff = yw_item_diff(old.content, content);
		char *summary = yw_asprintf("{\"version\":%d,\"changes\":%s}", h.draft_version,
					    diff ? diff : "[]");
		st = audit(c, o->who, "update", h.id, summary);
		free(summary);
		free(diff);
	}
	yw_item_view_clear(&old);
	free(content);
	return st ? st : reply(c, o, YW_ITEM_V_HEAD);
}

int yw_item_make_current(struct yw_conn *c, struct yw_item_head *h, const struct yw_item *it,
			 int64_t version_id, int version, int64_t now)
{
	int st = YW_OK;
	if (h->current_version && h->current_version != version) {
		int64_t old = 0;
		char status[12];
		st = yw_istore_version_ref(c, h->id, h->current_version, &old, status);
		if (!st && !strcmp(status, "published"))
			st = yw_istore_version_status(c, old, "superseded", 0, now, now);
		if (!st)
			st = yw_istore_unindex(c, old);
	}
	if (!st)
		st = yw_istore_index(c, &(struct yw_index_write){version_id, h->id, version, "published", it});
	h->current_version = version;
	if (h->draft_version == version)
		h->draft_version = 0;
	if (version > h->latest_version)
		h->latest_version = version;
	snprintf(h->status, sizeof h->status, "published");
	h->department_id = it->department_id;
	/* The new row is the head (inserted so, or it was the draft) unless a
	 * draft stays open behind it. */
	int64_t draft = 0;
	if (!st && h->draft_version)
		st = yw_istore_version_ref(c, h->id, h->draft_version, &draft, (char[12]){0});
	if (!st && draft)
		st = yw_istore_index_head(c, h->id, draft);
	return st ? st : yw_istore_update_item(c, h);
}

/* The references of a stored draft must still exist when it is published;
 * its stored names stay as reviewed. */
static int recheck(struct yw_conn *c, struct op *o, const char *content, struct yw_item *it)
{
	int st = yw_item_parse(content, strlen(content), it, NULL, o->err);
	if (st) {
		yw_error_set(o->err, YW_E_INTERNAL, NULL, "stored draft does not parse");
		return YW_STORE_ERR;
	}
	st = yw_item_check_rules(it, o->err);
	if (!st)
		st = yw_item_scope(c, o->who, it->region_id, it->department_id, o->err);
	struct yw_item probe = {0};
	if (!st)
		st = yw_item_parse(content, strlen(content), &probe, NULL, o->err);
	if (!st) {
		free(probe.department);
		probe.department = NULL;
		for (int i = 0; i < probe.nhalls; i++) {
			free(probe.halls[i].hall);
			probe.halls[i].hall = NULL;
		}
		for (int i = 0; i < probe.nsteps; i++) {
			free(probe.steps[i].department);
			probe.steps[i].department = NULL;
		}
		st = yw_item_resolve(c, &probe, NULL, o->err);
	}
	yw_item_clear(&probe);
	return st;
}

static int publish_tx(struct yw_conn *c, void *arg)
{
	struct op *o = arg;
	struct yw_item_head h;
	struct yw_item_view draft = {0};
	struct yw_item it = {0};
	int st = take(c, o, &h);
	if (!st && !h.draft_version) {
		yw_error_set(o->err, YW_E_ITEM_NO_DRAFT, NULL, "事项 %lld 没有草稿 / nothing to publish",
			     (long long)h.id);
		st = YW_FAIL;
	}
	if (!st)
		st = yw_istore_get(c, h.id, YW_ITEM_V_DRAFT, &draft);
	if (!st)
		st = recheck(c, o, draft.content, &it);
	int64_t now = yw_now_ms();
	int before = h.current_version;
	if (!st)
		st = bump(c, o, &h, now);
	if (!st)
		st = yw_istore_version_status(c, draft.version_id, "published", now, 0, now);
	if (!st)
		st = yw_item_make_current(c, &h, &it, draft.version_id, draft.version, now);
	if (!st) {
		char *summary = yw_asprintf("{\"version\":%d,\"superseded\":%d}", draft.version, before);
		st = audit(c, o->who, "publish", h.id, summary);
		free(summary);
	}
	yw_item_clear(&it);
	yw_item_view_clear(&draft);
	return st ? st : reply(c, o, YW_ITEM_V_PUBLISHED);
}

static int retire_tx(struct yw_conn *c, void *arg)
{
	struct op *o = arg;
	struct yw_item_head h;
	int st = take(c, o, &h);
	if (!st && strcmp(h.status, "published")) {
		yw_error_set(o->err, YW_E_ITEM_STATE, "status", "只有已发布的事项可以取消（当前：%s）/ only a "
			     "published item can be retired", h.status);
		st = YW_FAIL;
	}
	int64_t now = yw_now_ms(), vid = 0;
	if (!st)
		st = bump(c, o, &h, now);
	if (!st)
		st = yw_istore_version_ref(c, h.id, h.current_version, &vid, (char[12]){0});
	if (!st)
		st = yw_istore_version_status(c, vid, "retired", 0, now, now);
	if (!st)
		st = yw_istore_index_status(c, vid, "retired");
	snprintf(h.status, sizeof h.status, "retired");
	if (!st)
		st = yw_istore_update_item(c, &h);
	if (!st) {
		struct yw_buf summary = {0};
		yw_buf_printf(&summary, "{\"version\":%d", h.current_version);
		if (o->reason) {
			yw_buf_adds(&summary, ",\"reason\":");
			yw_buf_json_str(&summary, o->reason);
		}
		yw_buf_adds(&summary, "}");
		st = audit(c, o->who, "retire", h.id, summary.data);
		yw_buf_free(&summary);
	}
	return st ? st : reply(c, o, h.current_version);
}

static int run(struct yw_store *s, yw_tx_fn fn, struct op *o)
{
	yw_catalogue_ready();
	yw_item_view_clear(o->out);
	int st = yw_store_tx(s, YW_TX_WRITE, fn, o);
	if (st)
		yw_item_view_clear(o->out);
	return st;
}

int yw_catalogue_create(struct yw_store *s, const struct yw_actor *who, struct yw_item *it,
			struct yw_item_view *out, struct yw_error *err)
{
	struct op o = {who, it, 0, 0, out, err};
	return run(s, create_tx, &o);
}

int yw_catalogue_edit(struct yw_store *s, const struct yw_actor *who, int64_t id, struct yw_item *it,
		      int64_t revision, struct yw_item_view *out, struct yw_error *err)
{
	struct op o = {who, it, id, revision, out, err};
	return run(s, edit_tx, &o);
}

int yw_catalogue_publish(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t revision,
			 struct yw_item_view *out, struct yw_error *err)
{
	struct op o = {who, NULL, id, revision, out, err};
	return run(s, publish_tx, &o);
}

int yw_catalogue_retire(struct yw_store *s, const struct yw_actor *who, int64_t id, int64_t revision,
			const char *reason, struct yw_item_view *out, struct yw_error *err)
{
	if (reason && !*reason)
		reason = NULL;
	if (reason && (!yw_utf8_valid(reason, strlen(reason)) || yw_utf8_len(reason) > YW_RETIRE_REASON_MAX)) {
		yw_error_set(err, YW_E_TOO_LONG, "reason", "取消原因最多 %d 个字符 / at most %d characters",
			     YW_RETIRE_REASON_MAX, YW_RETIRE_REASON_MAX);
		return YW_FAIL;
	}
	struct op o = {who, NULL, id, revision, out, err, reason};
	return run(s, retire_tx, &o);
}
