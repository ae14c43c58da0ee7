/* The administrator's side of 好差评: level labels and scores, reason tags,
 * indicator sets, the default-rating period and the verification deadline
 * per region. Each change is one write transaction with its audit row. */
#include "yw/audit.h"
#include "yw/rating_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct yw_error *err, enum yw_err e, const char *field, const char *msg)
{
	yw_error_set(err, e, field, "%s", msg);
	return YW_FAIL;
}

void yw_rating_config_free(struct yw_rating_config *c)
{
	free(c->tags);
	free(c->indicators);
	free(c->settings.regions);
	memset(c, 0, sizeof *c);
}

struct read_ctx {
	bool active_only;
	struct yw_rating_config *out;
};

static int read_tx(struct yw_conn *c, void *p)
{
	struct read_ctx *x = p;
	yw_rating_config_free(x->out);
	int st = yw_rs_levels(c, x->out->levels);
	if (!st)
		st = yw_rs_options(c, "tag", x->active_only, &x->out->tags, &x->out->ntags);
	if (!st)
		st = yw_rs_options(c, "indicator", x->active_only, &x->out->indicators, &x->out->nindicators);
	if (!st)
		st = yw_rs_settings(c, &x->out->settings);
	return st;
}

int yw_rating_config_read(struct yw_store *s, bool active_only, struct yw_rating_config *out)
{
	memset(out, 0, sizeof *out);
	struct read_ctx x = {active_only, out};
	return yw_store_tx(s, YW_TX_READ, read_tx, &x);
}

static int check_label(const char *label, int max, struct yw_error *err)
{
	bool blank = true;
	for (const char *p = label; p && *p; p++)
		blank &= *p == ' ' || *p == '\t';
	if (!label || blank)
		return fail(err, YW_E_MISSING_FIELD, "label", "请填写名称");
	if ((int)yw_utf8_len(label) > max) {
		yw_error_set(err, YW_E_TOO_LONG, "label", "名称最多 %d 个字符", max);
		return YW_FAIL;
	}
	return YW_OK;
}

/* ---- levels ---- */

struct level_ctx {
	const struct yw_actor *who;
	int level, score;
	const char *label;
	struct yw_error *err;
};

static int level_tx(struct yw_conn *c, void *p)
{
	struct level_ctx *x = p;
	struct yw_rating_level_cfg levels[YW_RATING_LEVELS];
	int st = yw_rs_levels(c, levels);
	if (st)
		return st;
	struct yw_rating_level_cfg old = levels[x->level - 1];
	const char *label = x->label ? x->label : old.label;
	int score = x->score >= 0 ? x->score : old.score;
	if ((st = yw_rs_level_set(c, x->level, label, score, yw_now_ms())))
		return st;
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{\"label\":[");
	yw_buf_json_str(&b, old.label);
	yw_buf_adds(&b, ",");
	yw_buf_json_str(&b, label);
	yw_buf_printf(&b, "],\"score\":[%d,%d]}", old.score, score);
	st = yw_audit_append(c, x->who, "update", "rating_level", x->level, b.data);
	yw_buf_free(&b);
	return st;
}

int yw_rating_level_set(struct yw_store *s, const struct yw_actor *who, int level, const char *label, int score,
			struct yw_error *err)
{
	if (level < 1 || level > YW_RATING_LEVELS)
		return fail(err, YW_E_NOT_FOUND, "level", "没有这个评价等级");
	if (label && check_label(label, 20, err))
		return YW_FAIL;
	if (score > 100)
		return fail(err, YW_E_OUT_OF_RANGE, "score", "分值应为 0–100");
	struct level_ctx x = {who, level, score, label, err};
	return yw_store_tx(s, YW_TX_WRITE, level_tx, &x);
}

/* ---- tags and indicators ---- */

static bool valid_code(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	return n >= 1 && n <= 40 && strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static const char *entity_of(const char *kind) { return !strcmp(kind, "tag") ? "rating_tag" : "rating_indicator"; }

static void option_summary(struct yw_buf *b, const struct yw_rating_option *o)
{
	yw_buf_adds(b, "{\"code\":");
	yw_buf_json_str(b, o->code);
	yw_buf_adds(b, ",\"label\":");
	yw_buf_json_str(b, o->label);
	if (o->channel[0]) {
		yw_buf_adds(b, ",\"channel\":");
		yw_buf_json_str(b, o->channel);
	}
	yw_buf_printf(b, ",\"active\":%s}", o->active ? "true" : "false");
}

struct option_ctx {
	const struct yw_actor *who;
	const char *kind;
	struct yw_rating_option *o;
	int64_t id;
	const char *label;
	int active;
	struct yw_error *err;
};

static int add_tx(struct yw_conn *c, void *p)
{
	struct option_ctx *x = p;
	int st = yw_rs_option_insert(c, x->kind, x->o, yw_now_ms());
	if (st == YW_DB_HARD && yw_db_err_unique(c))
		return fail(x->err, YW_E_DUPLICATE, "code", "代码已存在 / the code is taken");
	if (st)
		return st;
	if ((st = yw_rs_option_get(c, x->kind, x->o->id, x->o)))
		return st == YW_NOTFOUND ? YW_STORE_ERR : st;
	struct yw_buf b = {0};
	option_summary(&b, x->o);
	st = yw_audit_append(c, x->who, "create", entity_of(x->kind), x->o->id, b.data);
	yw_buf_free(&b);
	return st;
}

int yw_rating_option_add(struct yw_store *s, const struct yw_actor *who, const char *kind, const char *channel,
			 const char *code, const char *label, struct yw_rating_option *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	bool indicator = !strcmp(kind, "indicator");
	if (indicator && (!channel || (strcmp(channel, "offline") && strcmp(channel, "online"))))
		return fail(err, channel ? YW_E_BAD_ENUM : YW_E_MISSING_FIELD, "channel", "channel 为 offline 或 online");
	if (!code)
		return fail(err, YW_E_MISSING_FIELD, "code", "请填写代码");
	if (!valid_code(code))
		return fail(err, YW_E_BAD_FORMAT, "code", "代码为 1–40 个小写字母、数字或下划线");
	if (check_label(label, 60, err))
		return YW_FAIL;
	snprintf(out->channel, sizeof out->channel, "%s", indicator ? channel : "");
	snprintf(out->code, sizeof out->code, "%s", code);
	snprintf(out->label, sizeof out->label, "%s", label);
	out->active = true;
	struct option_ctx x = {who, kind, out, 0, NULL, 1, err};
	return yw_store_tx(s, YW_TX_WRITE, add_tx, &x);
}

static int set_tx(struct yw_conn *c, void *p)
{
	struct option_ctx *x = p;
	struct yw_rating_option old;
	int st = yw_rs_option_get(c, x->kind, x->id, &old);
	if (st == YW_NOTFOUND)
		return fail(x->err, YW_E_NOT_FOUND, "id", "不存在 / no such entry");
	if (st)
		return st;
	*x->o = old;
	if (x->label)
		snprintf(x->o->label, sizeof x->o->label, "%s", x->label);
	if (x->active >= 0)
		x->o->active = x->active != 0;
	if ((st = yw_rs_option_update(c, x->kind, x->o, yw_now_ms())))
		return st;
	struct yw_buf b = {0};
	option_summary(&b, x->o);
	st = yw_audit_append(c, x->who, "update", entity_of(x->kind), x->id, b.data);
	yw_buf_free(&b);
	return st;
}

int yw_rating_option_set(struct yw_store *s, const struct yw_actor *who, const char *kind, int64_t id,
			 const char *label, int active, struct yw_rating_option *out, struct yw_error *err)
{
	if (label && check_label(label, 60, err))
		return YW_FAIL;
	struct option_ctx x = {who, kind, out, id, label, active, err};
	return yw_store_tx(s, YW_TX_WRITE, set_tx, &x);
}

/* ---- settings ---- */

struct settings_ctx {
	const struct yw_actor *who;
	int64_t region_id;
	int verify_days, default_days;
	struct yw_error *err;
};

static int settings_tx(struct yw_conn *c, void *p)
{
	struct settings_ctx *x = p;
	int st;
	if (x->region_id) {
		st = yw_rs_region_exists(c, x->region_id);
		if (st == YW_NOTFOUND)
			return fail(x->err, YW_E_NOT_FOUND, "id", "没有这个区划 / no such region");
		if (st)
			return st;
	}
	if (x->region_id && !x->verify_days) {
		st = yw_rs_settings_delete(c, x->region_id);
		if (st == YW_NOTFOUND)
			return fail(x->err, YW_E_NOT_FOUND, "id", "该区划没有单独设置 / the region has no setting of its own");
	} else {
		st = yw_rs_settings_put(c, x->region_id, x->verify_days, x->region_id ? 0 : x->default_days,
					yw_now_ms());
	}
	if (st)
		return st;
	char summary[96];
	snprintf(summary, sizeof summary, "{\"verify_days\":%d,\"default_days\":%d}", x->verify_days, x->default_days);
	return yw_audit_append(c, x->who, "update", "rating_settings", x->region_id, summary);
}

int yw_rating_settings_set(struct yw_store *s, const struct yw_actor *who, int64_t region_id, int verify_days,
			   int default_days, struct yw_error *err)
{
	if (!region_id && (verify_days < 1 || verify_days > 30))
		return fail(err, YW_E_OUT_OF_RANGE, "verify_days", "核实时限为 1–30 个工作日");
	if (!region_id && (default_days < 1 || default_days > 30))
		return fail(err, YW_E_OUT_OF_RANGE, "default_days", "默认评价期限为 1–30 个自然日");
	if (region_id && (verify_days < 0 || verify_days > 30))
		return fail(err, YW_E_OUT_OF_RANGE, "verify_days", "核实时限为 1–30 个工作日（0 取消本区划设置）");
	if (region_id && default_days)
		return fail(err, YW_E_UNKNOWN_FIELD, "default_days", "默认评价期限只能全局设置");
	struct settings_ctx x = {who, region_id, verify_days, default_days, err};
	return yw_store_tx(s, YW_TX_WRITE, settings_tx, &x);
}
