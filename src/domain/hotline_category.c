/* The hotline's category tree (诉求分类, three levels, editable) and the
 * dispatch catalogue (派单目录: category × region → lead and assisting
 * departments), kept with the generic entity CRUD (scope, audit, locking).
 * A category's limits are inherited from its parent when it has none. */
#include "hotline_internal.h"
#include "yw/crud.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_code(const char *v, struct yw_error *err)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.')) {
			yw_error_set(err, YW_E_BAD_FORMAT, NULL, "分类编码只能含大写字母、数字、.、-、_");
			return YW_FAIL;
		}
	return YW_OK;
}

static void default_int(struct yw_rec *rec, const char *name, int64_t v)
{
	const struct yw_val *x = yw_rec_cval(rec, name);
	if (!x->set || x->null)
		yw_val_set_int(yw_rec_val(rec, name), v);
}

/* Level and path follow the parent; a category with children keeps its
 * place and code (their paths hang on them). */
static int category_validate(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec,
			     const struct yw_rec *old, struct yw_error *err)
{
	(void)who;
	const struct yw_val *parent = yw_rec_cval(rec, "parent_id");
	const char *code = yw_rec_cval(rec, "code")->s;
	struct yw_hl_category p = {0};
	int level = 1;
	char path[sizeof p.path];
	if (parent->set && !parent->null) {
		if (old && parent->i == old->id) {
			yw_error_set(err, YW_E_HOTLINE_CATEGORY_DEPTH, "parent_id", "分类不能挂在自己下面");
			return YW_FAIL;
		}
		int st = yw_hs_category(c, parent->i, &p);
		if (st == YW_NOTFOUND) {
			yw_error_set(err, YW_E_HOTLINE_CATEGORY_DEPTH, "parent_id", "上级分类 %lld 不存在",
				     (long long)parent->i);
			return YW_FAIL;
		}
		if (st)
			return st;
		if (p.level >= 3) {
			yw_error_set(err, YW_E_HOTLINE_CATEGORY_DEPTH, "parent_id", "“%s”已是三级分类，不能再有下级",
				     p.name);
			return YW_FAIL;
		}
		level = p.level + 1;
	}
	int n = snprintf(path, sizeof path, "%s%s/", p.path, code);
	if (n < 0 || (size_t)n >= sizeof path) {
		yw_error_set(err, YW_E_TOO_LONG, "code", "分类编码合计过长");
		return YW_FAIL;
	}
	if (old) {
		const char *old_path = yw_rec_cval(old, "path")->s;
		if (strcmp(old_path ? old_path : "", path)) {
			int64_t children = 0, orders = 0, rules = 0;
			int st = yw_hs_category_refs(c, old->id, &children, &orders, &rules);
			if (st)
				return st;
			if (children) {
				yw_error_set(err, YW_E_HOTLINE_CATEGORY_DEPTH, "parent_id",
					     "有下级分类的分类不能移动或改编码");
				return YW_FAIL;
			}
		}
	}
	yw_val_set_int(yw_rec_val(rec, "level"), level);
	yw_val_set_text(yw_rec_val(rec, "path"), path);
	default_int(rec, "active", 1);
	default_int(rec, "sort_order", 0);
	return YW_OK;
}

static int category_before_delete(struct yw_conn *c, const struct yw_rec *old, struct yw_error *err)
{
	int64_t children = 0, orders = 0, rules = 0;
	int st = yw_hs_category_refs(c, old->id, &children, &orders, &rules);
	if (st)
		return st;
	if (children || orders || rules) {
		yw_error_set(err, YW_E_IN_USE, "id",
			     "该分类有 %lld 个下级分类、%lld 张工单、%lld 条派单目录，请改为停用", (long long)children,
			     (long long)orders, (long long)rules);
		return YW_FAIL;
	}
	return YW_OK;
}

static const struct yw_field category_fields[] = {
	{"code", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_SEARCH | YW_FF_UNIQUE, 1, 16, .label = "分类编码",
	 .check = check_code},
	{"name", YW_F_TEXT, YW_FF_REQUIRED | YW_FF_SEARCH, 1, 40, .label = "分类名称"},
	{"parent_id", YW_F_REF, YW_FF_FILTER, 1, INT64_MAX, .ref = "hotline_categories", .label = "上级分类"},
	{"level", YW_F_INT, YW_FF_INTERNAL, .label = "层级"},
	{"path", YW_F_TEXT, YW_FF_INTERNAL, .label = "路径"},
	{"sign_days", YW_F_INT, 0, 1, 30, .label = "签收时限（工作日）"},
	{"handle_days", YW_F_INT, 0, 1, 60, .label = "办理时限（工作日）"},
	{"urgent_handle_days", YW_F_INT, 0, 1, 30, .label = "紧急件办理时限（工作日）"},
	{"reply_days", YW_F_INT, 0, 1, 30, .label = "回复办结时限（工作日）"},
	{"active", YW_F_BOOL, YW_FF_FILTER, .label = "启用"},
	{"sort_order", YW_F_INT, 0, 0, 9999, .label = "排序"},
};

#define HOTLINE_READERS (YW_ROLE_ADMIN | YW_ROLE_HOTLINE_AGENT | YW_ROLE_HOTLINE_HANDLER | YW_ROLE_SUPERVISOR)

struct yw_entity yw_entity_hotline_category = {
	.name = "hotline_category",
	.plural = "hotline/categories",
	.table = "hotline_categories",
	.label = "诉求分类",
	.fields = category_fields,
	.nfields = sizeof category_fields / sizeof category_fields[0],
	.order_by = "path, sort_order, id",
	.scope_region = -1,
	.scope_department = -1,
	.scope_hall = -1,
	.read_roles = HOTLINE_READERS,
	.write_roles = YW_ROLE_ADMIN,
	.read_unscoped = true,
	.validate = category_validate,
	.before_delete = category_before_delete,
};

/* ---- the dispatch catalogue ---- */

static int rule_validate(struct yw_conn *c, const struct yw_actor *who, struct yw_rec *rec, const struct yw_rec *old,
			 struct yw_error *err)
{
	(void)who;
	(void)old;
	struct yw_hl_category k;
	int st = yw_hs_category(c, yw_rec_cval(rec, "category_id")->i, &k);
	if (st == YW_NOTFOUND) {
		yw_error_set(err, YW_E_HOTLINE_NO_CATEGORY, "category_id", "分类不存在");
		return YW_FAIL;
	}
	if (st)
		return st;
	/* Checked here so that a clash is DUPLICATE, not a failed statement. */
	bool taken = false;
	st = yw_hs_rule_exists(c, k.id, yw_rec_cval(rec, "region_id")->i, rec->id, &taken);
	if (st)
		return st;
	if (taken) {
		yw_error_set(err, YW_E_DUPLICATE, "region_id", "该分类在该区划已有派单规则");
		return YW_FAIL;
	}
	const struct yw_val *assists = yw_rec_cval(rec, "assist_department_ids");
	if (!assists->set || assists->null)
		yw_val_set_text(yw_rec_val(rec, "assist_department_ids"), "");
	int64_t *ids = NULL;
	int n = yw_intlist_parse(yw_rec_cval(rec, "assist_department_ids")->s, &ids);
	int64_t lead = yw_rec_cval(rec, "lead_department_id")->i;
	for (int i = 0; i < n; i++) {
		bool twice = ids[i] == lead;
		for (int j = 0; j < i; j++)
			twice |= ids[j] == ids[i];
		if (twice) {
			yw_error_set(err, YW_E_HOTLINE_DEPARTMENT_TWICE, "assist_department_ids",
				     "部门 %lld 重复出现（主办部门不能同时协办）", (long long)ids[i]);
			free(ids);
			return YW_FAIL;
		}
	}
	free(ids);
	if (n > YW_HL_MAX_ASSIST) {
		yw_error_set(err, YW_E_OUT_OF_RANGE, "assist_department_ids", "协办部门最多 %d 个", YW_HL_MAX_ASSIST);
		return YW_FAIL;
	}
	return YW_OK;
}

static const struct yw_field rule_fields[] = {
	{"category_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "hotline_categories",
	 .label = "诉求分类"},
	{"region_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "regions", .label = "区划"},
	{"lead_department_id", YW_F_REF, YW_FF_REQUIRED | YW_FF_FILTER, 1, INT64_MAX, .ref = "departments",
	 .label = "主办部门"},
	{"assist_department_ids", YW_F_INTLIST, 0, 0, YW_HL_MAX_ASSIST, .ref = "departments", .label = "协办部门"},
	{"note", YW_F_TEXT, YW_FF_SEARCH, 0, 200, .label = "说明"},
};

struct yw_entity yw_entity_hotline_rule = {
	.name = "hotline_dispatch_rule",
	.plural = "hotline/dispatch-rules",
	.table = "hotline_dispatch_rules",
	.label = "派单目录",
	.fields = rule_fields,
	.nfields = sizeof rule_fields / sizeof rule_fields[0],
	.order_by = "category_id, region_id, id",
	.scope_region = 1,
	.scope_department = -1,
	.scope_hall = -1,
	.read_roles = HOTLINE_READERS,
	.write_roles = YW_ROLE_ADMIN,
	.read_unscoped = true,
	.validate = rule_validate,
};

static pthread_once_t entities_once = PTHREAD_ONCE_INIT;

static void init_entities(void)
{
	yw_entity_store_init(&yw_entity_hotline_category);
	yw_entity_store_init(&yw_entity_hotline_rule);
}

void yw_hotline_entities_init(void) { pthread_once(&entities_once, init_entities); }

/* ---- limits ---- */

int yw_hl_category_chain(struct yw_conn *c, int64_t category_id, int64_t out[3])
{
	out[0] = out[1] = out[2] = 0;
	int64_t id = category_id;
	for (int i = 0; i < 3 && id; i++) {
		struct yw_hl_category k;
		int st = yw_hs_category(c, id, &k);
		if (st)
			return st;
		out[i] = k.id;
		id = k.parent_id;
	}
	return YW_OK;
}

static void inherit(int *eff, int own, int from_parent, int def) { *eff = own ? own : from_parent ? from_parent : def; }

int yw_hl_category_limits(struct yw_conn *c, int64_t category_id, struct yw_hl_category *out)
{
	struct yw_hl_category chain[3];
	int n = 0;
	int64_t id = category_id;
	while (n < 3 && id) {
		int st = yw_hs_category(c, id, &chain[n]);
		if (st)
			return st;
		id = chain[n++].parent_id;
	}
	if (!n)
		return YW_NOTFOUND;
	/* From the root down, each level taking its own value or the one above. */
	int sign = 0, handle = 0, urgent = 0, reply = 0;
	for (int i = n - 1; i >= 0; i--) {
		sign = chain[i].sign_days ? chain[i].sign_days : sign;
		handle = chain[i].handle_days ? chain[i].handle_days : handle;
		urgent = chain[i].urgent_handle_days ? chain[i].urgent_handle_days : urgent;
		reply = chain[i].reply_days ? chain[i].reply_days : reply;
	}
	*out = chain[0];
	inherit(&out->eff_sign, 0, sign, YW_HL_SIGN_DAYS);
	inherit(&out->eff_handle, 0, handle, YW_HL_HANDLE_DAYS);
	inherit(&out->eff_urgent_handle, 0, urgent, YW_HL_URGENT_HANDLE_DAYS);
	inherit(&out->eff_reply, 0, reply, YW_HL_REPLY_DAYS);
	return YW_OK;
}

/* ---- the whole tree ---- */

struct tree_ctx {
	struct yw_hl_category *v;
	int n, cap;
};

static int tree_add(void *ctx, const struct yw_hl_category *k)
{
	struct tree_ctx *t = ctx;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = yw_realloc(t->v, sizeof *t->v * (size_t)t->cap);
	}
	t->v[t->n++] = *k;
	return 0;
}

static int tree_tx(struct yw_conn *c, void *p)
{
	struct tree_ctx *t = p;
	t->n = 0;
	return yw_hs_categories(c, tree_add, t);
}

static const struct yw_hl_category *by_id(const struct tree_ctx *t, int64_t id)
{
	for (int i = 0; i < t->n; i++)
		if (t->v[i].id == id)
			return &t->v[i];
	return NULL;
}

int yw_hl_categories(struct yw_store *s, struct yw_hl_category **out, int *n)
{
	struct tree_ctx t = {0};
	int st = yw_store_tx(s, YW_TX_READ, tree_tx, &t);
	if (st) {
		free(t.v);
		return st;
	}
	for (int i = 0; i < t.n; i++) {
		struct yw_hl_category *k = &t.v[i];
		int sign = k->sign_days, handle = k->handle_days, urgent = k->urgent_handle_days, reply = k->reply_days;
		for (const struct yw_hl_category *p = by_id(&t, k->parent_id); p; p = by_id(&t, p->parent_id)) {
			sign = sign ? sign : p->sign_days;
			handle = handle ? handle : p->handle_days;
			urgent = urgent ? urgent : p->urgent_handle_days;
			reply = reply ? reply : p->reply_days;
			if (p->level <= 1)
				break;
		}
		k->eff_sign = sign ? sign : YW_HL_SIGN_DAYS;
		k->eff_handle = handle ? handle : YW_HL_HANDLE_DAYS;
		k->eff_urgent_handle = urgent ? urgent : YW_HL_URGENT_HANDLE_DAYS;
		k->eff_reply = reply ? reply : YW_HL_REPLY_DAYS;
	}
	*out = t.v;
	*n = t.n;
	return YW_OK;
}
