/* Catalogue files and pictures: import (an uploaded CSV or JSON body),
 * export (CSV, JSON, .xlsx) and the QR code of an item's guide link. */
#include "api/catalogue_api.h"
#include "yw/catalogue.h"
#include "yw/qr.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *format_name(enum yw_items_format f)
{
	return f == YW_ITEMS_CSV ? "csv" : f == YW_ITEMS_XLSX ? "xlsx" : "json";
}

static void put_report(struct yw_buf *b, const struct yw_import_report *rep)
{
	yw_buf_printf(b, "\"format\":\"%s\",\"dry_run\":%s,\"rows\":%d,\"created\":%d,\"updated\":%d,"
			 "\"unchanged\":%d,\"errors\":[",
		      format_name(rep->format), rep->dry_run ? "true" : "false", rep->rows, rep->created,
		      rep->updated, rep->unchanged);
	for (int i = 0; i < rep->nerrors; i++) {
		const struct yw_import_error *e = &rep->errors[i];
		yw_buf_printf(b, "%s{\"line\":%d,\"item\":", i ? "," : "", e->line);
		if (e->item >= 0)
			yw_buf_printf(b, "%d", e->item);
		else
			yw_buf_adds(b, "null");
		yw_buf_adds(b, ",\"column\":");
		yw_buf_json_str(b, e->column);
		yw_buf_adds(b, ",\"code\":");
		yw_buf_json_str(b, e->code[0] ? e->code : NULL);
		yw_buf_printf(b, ",\"error\":\"%s\",\"reason\":", yw_err_name(e->err));
		yw_buf_json_str(b, e->reason);
		yw_buf_adds(b, "}");
	}
	yw_buf_adds(b, "]");
}

/* The registry's error body, with the row report beside it. */
static void reply_bad_import(struct yw_resp *r, const struct yw_import_report *rep)
{
	struct yw_buf b = {0};
	yw_buf_printf(&b, "{\"code\":%d,\"error\":\"BAD_IMPORT\",\"hint\":", yw_err_code(YW_E_BAD_IMPORT));
	yw_buf_json_str(&b, yw_err_hint(YW_E_BAD_IMPORT));
	yw_buf_printf(&b, ",\"detail\":\"%d 处错误，未导入任何事项 / %d errors; nothing was imported\","
			 "\"field\":null,",
		      rep->nerrors, rep->nerrors);
	put_report(&b, rep);
	yw_buf_adds(&b, "}");
	r->err = YW_E_BAD_IMPORT;
	yw_resp_buf(r, yw_err_http(YW_E_BAD_IMPORT), &b);
}

static bool import_format(struct yw_req *q, struct yw_resp *r, enum yw_items_format *out)
{
	const char *ct = yw_req_header(q, "Content-Type");
	*out = YW_ITEMS_AUTO;
	if (!ct)
		return true;
	if (!strncasecmp(ct, "text/csv", 8))
		*out = YW_ITEMS_CSV;
	else if (!strncasecmp(ct, "application/json", 16))
		*out = YW_ITEMS_JSON;
	else if (strncasecmp(ct, "text/plain", 10) && strncasecmp(ct, "application/octet-stream", 24)) {
		yw_resp_err(r, YW_E_BAD_CONTENT_TYPE, NULL, "send text/csv or application/json, not %.60s", ct);
		return false;
	}
	return true;
}

void yw_api_items_import(struct yw_req *q, struct yw_resp *r)
{
	enum yw_items_format format;
	if (!import_format(q, r, &format))
		return;
	const char *dry = yw_req_query(q, "dry_run");
	struct yw_import_opts opts = {.dry_run = dry && (!strcmp(dry, "1") || !strcmp(dry, "true"))};
	struct yw_import_report rep;
	int st = yw_catalogue_import(q->app->store, &q->actor, q->body ? q->body : "", q->body_len, format, &opts,
				     &rep);
	if (st == YW_FAIL) {
		reply_bad_import(r, &rep);
	} else if (st) {
		yw_resp_status(r, st, NULL);
	} else {
		struct yw_buf b = {0};
		yw_buf_adds(&b, "{");
		put_report(&b, &rep);
		yw_buf_adds(&b, "}");
		yw_resp_buf(r, 200, &b);
	}
	yw_import_report_free(&rep);
}

void yw_api_items_export(struct yw_req *q, struct yw_resp *r)
{
	const char *f = yw_req_query(q, "format");
	enum yw_items_format format = YW_ITEMS_JSON;
	if (f && !strcmp(f, "csv"))
		format = YW_ITEMS_CSV;
	else if (f && !strcmp(f, "xlsx"))
		format = YW_ITEMS_XLSX;
	else if (f && strcmp(f, "json")) {
		yw_resp_err(r, YW_E_BAD_QUERY, "format", "format 为 csv、json 或 xlsx");
		return;
	}
	struct yw_item_query iq;
	if (!yw_api_export_filters(q, r, &iq))
		return;
	struct yw_buf b = {0};
	struct yw_error err = {0};
	int st = yw_catalogue_export(q->app->store, &iq, format, &b, &err);
	if (st) {
		yw_buf_free(&b);
		yw_resp_status(r, st, &err);
		return;
	}
	yw_resp_buf(r, 200, &b);
	static const char *const types[] = {
		"text/csv; charset=utf-8", "application/json; charset=utf-8",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
	r->ctype = types[format == YW_ITEMS_CSV ? 0 : format == YW_ITEMS_XLSX ? 2 : 1];
	char disposition[64];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"items.%s\"", format_name(format));
	yw_resp_header(r, "Content-Disposition", disposition);
}

/* Where the guide is, for the QR code: YIWANG_PUBLIC_URL when the operator
 * set it, else the host the request came to, else the path alone. */
static char *guide_link(struct yw_req *q, int64_t id)
{
	char path[48];
	snprintf(path, sizeof path, "/m/items/%lld", (long long)id);
	return yw_api_public_url(q, path);
}

void yw_api_item_qr(struct yw_req *q, struct yw_resp *r)
{
	int64_t id = yw_req_id(q, 0, r);
	if (!id)
		return;
	struct yw_item_view v;
	struct yw_error err = {0};
	int st = yw_catalogue_get(q->app->store, id, YW_ITEM_V_PUBLISHED, &v, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	yw_item_view_clear(&v);
	char *link = guide_link(q, id);
	char *svg = yw_qr_svg(link);
	free(link);
	if (!svg) {
		yw_resp_err(r, YW_E_INTERNAL, NULL, "the QR code could not be made");
		return;
	}
	yw_resp_json_take(r, 200, svg);
	r->ctype = "image/svg+xml";
	yw_resp_header(r, "Cache-Control", "public, max-age=3600");
}
