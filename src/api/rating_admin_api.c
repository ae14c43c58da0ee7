/* The administrator's settings of 好差评: level labels and scores, reason
 * tags, the indicator sets, the default-rating period and the verification
 * deadline (working days) per region. */
#include "api/api.h"
#include "yw/rating_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void option_json(struct yw_buf *b, const struct yw_rating_option *o, bool indicator)
{
	yw_buf_printf(b, "{\"id\":%lld", (long long)o->id);
	if (indicator) {
		yw_buf_adds(b, ",\"channel\":");
		yw_buf_json_str(b, o->channel);
	}
	yw_buf_adds(b, ",\"code\":");
	yw_buf_json_str(b, o->code);
	yw_buf_adds(b, ",\"label\":");
	yw_buf_json_str(b, o->label);
	yw_buf_printf(b, ",\"sort_order\":%d,\"active\":%s}", o->sort_order, o->active ? "true" : "false");
}

static void config(struct yw_req *q, struct yw_resp *r)
{
	struct yw_rating_config c;
	int st = yw_rating_config_read(q->app->store, false, &c);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"levels\":[");
	for (int i = 0; i < YW_RATING_LEVELS; i++) {
		const struct yw_rating_level_cfg *l = &c.levels[i];
		yw_buf_printf(&b, "%s{\"level_no\":%d,\"code\":\"%s\",\"label\":", i ? "," : "", l->level, l->code);
		yw_buf_json_str(&b, l->label);
		yw_buf_printf(&b, ",\"score\":%d,\"bad\":%s}", l->score, l->bad ? "true" : "false");
	}
	yw_buf_adds(&b, "],\"tags\":[");
	for (int i = 0; i < c.ntags; i++) {
		yw_buf_adds(&b, i ? "," : "");
		option_json(&b, &c.tags[i], false);
	}
	yw_buf_adds(&b, "],\"indicators\":[");
	for (int i = 0; i < c.nindicators; i++) {
		yw_buf_adds(&b, i ? "," : "");
		option_json(&b, &c.indicators[i], true);
	}
	yw_buf_printf(&b, "],\"settings\":{\"verify_days\":%d,\"default_days\":%d,\"regions\":[", c.settings.verify_days,
		      c.settings.default_days);
	for (int i = 0; i < c.settings.nregions; i++) {
		yw_buf_printf(&b, "%s{\"region_id\":%lld,\"name\":", i ? "," : "", (long long)c.settings.regions[i].region_id);
		yw_buf_json_str(&b, c.settings.regions[i].region_name);
		yw_buf_printf(&b, ",\"verify_days\":%d}", c.settings.regions[i].verify_days);
	}
	yw_buf_adds(&b, "]}}");
	yw_rating_config_free(&c);
	yw_resp_buf(r, 200, &b);
}

struct level_body {
	const char *label;
	int64_t score;
};

static void level_set(struct yw_req *q, struct yw_resp *r)
{
	int64_t level = yw_req_id(q, 0, r);
	if (!level)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct level_body lb = {.score = -1};
	static const struct yw_jfield fields[] = {
		{"label", YW_J_STR, false, 1, 20, offsetof(struct level_body, label)},
		{"score", YW_J_INT, false, 0, 100, offsetof(struct level_body, score)},
	};
	if (!yw_api_fields(body, fields, 2, &lb, r)) {
		json_decref(body);
		return;
	}
	struct yw_error err = {0};
	int st = yw_rating_level_set(q->app->store, &q->actor, (int)level, lb.label, (int)lb.score, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	config(q, r);
}

struct option_body {
	const char *channel, *code, *label;
	bool active;
};

static void option_reply(struct yw_resp *r, int status, const struct yw_rating_option *o, bool indicator)
{
	struct yw_buf b = {0};
	option_json(&b, o, indicator);
	yw_resp_buf(r, status, &b);
}

static void option_add(struct yw_req *q, struct yw_resp *r, const char *kind)
{
	bool indicator = !strcmp(kind, "indicator");
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct option_body ob = {0};
	static const struct yw_jfield tag_f[] = {
		{"code", YW_J_STR, true, 1, 40, offsetof(struct option_body, code)},
		{"label", YW_J_STR, true, 1, 60, offsetof(struct option_body, label)},
	};
	static const struct yw_jfield ind_f[] = {
		{"channel", YW_J_STR, true, 1, 12, offsetof(struct option_body, channel)},
		{"code", YW_J_STR, true, 1, 40, offsetof(struct option_body, code)},
		{"label", YW_J_STR, true, 1, 60, offsetof(struct option_body, label)},
	};
	if (!yw_api_fields(body, indicator ? ind_f : tag_f, indicator ? 3 : 2, &ob, r)) {
		json_decref(body);
		return;
	}
	struct yw_rating_option o;
	struct yw_error err = {0};
	int st = yw_rating_option_add(q->app->store, &q->actor, kind, ob.channel, ob.code, ob.label, &o, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		option_reply(r, 201, &o, indicator);
}

static void option_set(struct yw_req *q, struct yw_resp *r, const char *kind)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct option_body ob = {0};
	static const struct yw_jfield fields[] = {
		{"label", YW_J_STR, false, 1, 60, offsetof(struct option_body, label)},
		{"active", YW_J_BOOL, false, 0, 0, offsetof(struct option_body, active)},
	};
	if (!yw_api_fields(body, fields, 2, &ob, r)) {
		json_decref(body);
		return;
	}
	int active = json_object_get(body, "active") ? ob.active : -1;
	struct yw_rating_option o;
	struct yw_error err = {0};
	int st = yw_rating_option_set(q->app->store, &q->actor, kind, id, ob.label, active, &o, &err);
	json_decref(body);
	if (st)
		yw_resp_status(r, st, &err);
	else
		option_reply(r, 200, &o, !strcmp(kind, "indicator"));
}

static void tag_add(struct yw_req *q, struct yw_resp *r) { option_add(q, r, "tag"); }
static void tag_set(struct yw_req *q, struct yw_resp *r) { option_set(q, r, "tag"); }
static void indicator_add(struct yw_req *q, struct yw_resp *r) { option_add(q, r, "indicator"); }
static void indicator_set(struct yw_req *q, struct yw_resp *r) { option_set(q, r, "indicator"); }

struct settings_body {
	int64_t verify_days, default_days;
};

static void settings(struct yw_req *q, struct yw_resp *r, int64_t region_id)
{
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct settings_body sb = {0};
	static const struct yw_jfield global_f[] = {
		{"verify_days", YW_J_INT, true, 1, 30, offsetof(struct settings_body, verify_days)},
		{"default_days", YW_J_INT, true, 1, 30, offsetof(struct settings_body, default_days)},
	};
	static const struct yw_jfield region_f[] = {
		{"verify_days", YW_J_INT, true, 0, 30, offsetof(struct settings_body, verify_days)},
	};
	if (!yw_api_fields(body, region_id ? region_f : global_f, region_id ? 1 : 2, &sb, r)) {
		json_decref(body);
		return;
	}
	json_decref(body);
	struct yw_error err = {0};
	int st = yw_rating_settings_set(q->app->store, &q->actor, region_id, (int)sb.verify_days, (int)sb.default_days,
					&err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	config(q, r);
}

static void settings_global(struct yw_req *q, struct yw_resp *r) { settings(q, r, 0); }

static void settings_region(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (id)
		settings(q, r, id);
}

#define ADMIN YW_ROLE_ADMIN

const struct yw_route yw_routes_rating_admin[] = {
	{"GET", "/api/v1/rating-config", config, ADMIN | YW_ROLE_SUPERVISOR,
	 "好差评设置：等级分值、差评原因、评价指标、期限 / Rating settings", "rating-config"},
	{"PUT", "/api/v1/rating-config/levels/{level}", level_set, ADMIN,
	 "修改评价等级名称或分值 / Relabel or rescore a level (1–5)", "rating-config", NULL, "{label?, score? (0–100)}"},
	{"POST", "/api/v1/rating-config/tags", tag_add, ADMIN, "新增差评原因 / Add a reason tag", "rating-config", NULL,
	 "{code, label}"},
	{"PUT", "/api/v1/rating-config/tags/{id}", tag_set, ADMIN, "修改或停用差评原因 / Relabel or retire a reason tag",
	 "rating-config", NULL, "{label?, active?}"},
	{"POST", "/api/v1/rating-config/indicators", indicator_add, ADMIN, "新增评价指标 / Add an indicator",
	 "rating-config", NULL, "{channel: offline | online, code, label}"},
	{"PUT", "/api/v1/rating-config/indicators/{id}", indicator_set, ADMIN,
	 "修改或停用评价指标 / Relabel or retire an indicator", "rating-config", NULL, "{label?, active?}"},
	{"PUT", "/api/v1/rating-config/settings", settings_global, ADMIN,
	 "默认评价期限（自然日）与核实时限（工作日）/ Default-rating period and verification deadline", "rating-config",
	 NULL, "{verify_days (1–30), default_days (1–30)}"},
	{"PUT", "/api/v1/rating-config/regions/{id}", settings_region, ADMIN,
	 "本区划的核实时限（工作日；0 取消）/ A region's own verification deadline (0 removes it)", "rating-config",
	 NULL, "{verify_days (0–30)}"},
	{NULL},
};
