/* Open311 GeoReport v2 over the 12345 hotline (docs/open311.md).
 *
 * Services are the active leaf categories of the hotline (service_code =
 * the category's code). A request is a work order taken through the
 * hotline domain with channel "open311" by an integrating system holding
 * an API key (include/yw/apikey.h); what the order has no place for (the
 * point, the client's ids, its user's name and email) is kept beside it.
 * Open311 reads show only orders that came in through Open311: phone calls
 * and reports to the hotline are not published. Our states map to open /
 * closed, with status_notes carrying the detail; every service is
 * realtime, so a POST returns the service_request_id and never a token,
 * and GET tokens/{token} resolves an order number (what callers are told)
 * of such a request.
 *
 * Parameters come as the client sent them (NULL or "" = absent, the spec's
 * "optional arguments"); the rules (location, lat/long, the 90-day window,
 * 1,000 results) are applied here. No HTTP, no JSON or XML here. */
#ifndef YW_OPEN311_H
#define YW_OPEN311_H
#include "yw/calendar.h"
#include "yw/entity.h"
#include "yw/store.h"

enum {
	YW_O311_MAX_RESULTS = 1000,
	YW_O311_WINDOW_DAYS = 90,
	YW_O311_MAX_ATTRS = 16,
};

struct yw_o311_service {
	char code[48], name[128], group[128];
	char keywords[400], description[400];
};
struct yw_o311_services {
	struct yw_o311_service *v;
	int n;
};
int yw_o311_services(struct yw_store *s, struct yw_o311_services *out);
void yw_o311_services_free(struct yw_o311_services *l);

struct yw_o311_value {
	char key[48], name[160];
};
struct yw_o311_attribute {
	const char *code, *datatype, *datatype_description, *description;
	bool variable, required;
	int order;
	struct yw_o311_value *values; /* borrowed from the definition */
	int nvalues;
};
struct yw_o311_definition {
	struct yw_o311_service service;
	struct yw_o311_attribute attrs[3];
	int nattrs;
	struct yw_o311_value *streets; /* owned */
	int nstreets;
};
/* OPEN311_SERVICE_UNKNOWN for a code that is not an active leaf category. */
int yw_o311_definition(struct yw_store *s, const char *code, struct yw_o311_definition *out, struct yw_error *err);
void yw_o311_definition_free(struct yw_o311_definition *d);

/* A request as the client posted it. */
struct yw_o311_new {
	const char *api_key, *service_code, *lat, *lng, *address_string, *address_id, *email, *device_id,
		*account_id, *first_name, *last_name, *phone, *description, *media_url;
	struct {
		const char *code, *value;
	} attrs[YW_O311_MAX_ATTRS];
	int nattrs;
	bool too_many_attrs;
};

/* A request as Open311 shows it. */
struct yw_o311_request {
	int64_t id, requested_at, updated_at, expected_at; /* 0: none */
	char order_no[32], status[8], service_code[48], service_name[128], agency[128];
	bool has_location;
	double lat, lng;
	char *status_notes, *description, *service_notice, *address, *address_id, *media_url, *account_id; /* owned */
};
void yw_o311_request_clear(struct yw_o311_request *r);

/* Checks the key (403 errors APIKEY_*), the service, the location and the
 * attributes, and takes the order, in one transaction: a refused request
 * changes nothing (the key's use is recorded with the order it created,
 * or not at all). ctx gives the request id and client address. */
int yw_o311_submit(struct yw_store *s, const struct yw_actor *ctx, const struct yw_calendar *cal,
		   const struct yw_o311_new *in, struct yw_o311_request *out, struct yw_error *err);
/* NOT_FOUND unless the id is an Open311 request. */
int yw_o311_get(struct yw_store *s, int64_t id, struct yw_o311_request *out, struct yw_error *err);

struct yw_o311_query {
	const char *service_request_id, *service_code, *start_date, *end_date, *status;
};
struct yw_o311_list {
	struct yw_o311_request *v;
	int n;
	int64_t from, to; /* the window applied (0 when ids were asked for) */
};
/* Newest first, at most 1,000. service_request_id (a comma list) overrides
 * every other filter. */
int yw_o311_find(struct yw_store *s, const struct yw_o311_query *q, int64_t now, struct yw_o311_list *out,
		 struct yw_error *err);
void yw_o311_list_free(struct yw_o311_list *l);

/* The service_request_id of an order number; NOT_FOUND otherwise. */
int yw_o311_token(struct yw_store *s, const char *token, int64_t *id, struct yw_error *err);

/* W3C date-times (a subset of ISO 8601) with a time zone: "2026-09-30T10:00:00+08:00", "…Z", with or without
 * seconds and fractions; a date alone is that day in Asia/Shanghai (its end
 * when end_of_day). A space where the '+' of the zone was is taken for it
 * (an unencoded '+' in a query string arrives as a space). */
bool yw_o311_parse_time(const char *s, bool end_of_day, int64_t *ms);
/* "2026-09-30T10:00:00+08:00" (Asia/Shanghai). */
void yw_o311_format_time(int64_t ms, char out[32]);

/* One Open311 request inside a transaction (domain/open311_read.c; the
 * submit reads back what it wrote). */
struct yw_conn;
int yw_o311_view_tx(struct yw_conn *c, int64_t id, struct yw_o311_request *out);

/* ---- the store's side (store/open311_store.c), for domain/open311*.c only ---- */

struct yw_o3s_row {
	int64_t id, created_at, updated_at, closed_at, handle_by, paused_since;
	int sign_days, handle_days;
	bool direct, has_location;
	double lat, lng;
	char order_no[32], state[12], service_code[48], service_name[128], agency[128], master_no[32];
	char *description, *address, *address_id, *media_url, *account_id, *answer, *reply_result; /* owned */
};
void yw_o3s_row_clear(struct yw_o3s_row *r);
/* A leaf category by code: id, active; YW_NOTFOUND when none or not a leaf. */
int yw_o3s_service(struct yw_conn *c, const char *code, int64_t *id, bool *active);
struct yw_o3s_side {
	int64_t order_id, api_key_id, created_at;
	bool has_location;
	double lat, lng;
	const char *address_id, *email, *device_id, *account_id, *first_name, *last_name, *media_url, *attributes;
};
int yw_o3s_insert(struct yw_conn *c, const struct yw_o3s_side *s);
int yw_o3s_get(struct yw_conn *c, int64_t id, struct yw_o3s_row *out);
/* Open311 requests created in [from, to], newest first: status 0 any,
 * 1 open, 2 closed; category_ids a comma list or NULL. fn owns *row. */
int yw_o3s_list(struct yw_conn *c, int64_t from, int64_t to, int status, const char *category_ids, int limit,
		int (*fn)(void *ctx, struct yw_o3s_row *row), void *ctx);
int yw_o3s_by_order_no(struct yw_conn *c, const char *order_no, int64_t *id);
/* Streets with their district's name ("源城区上城街道"). */
int yw_o3s_streets(struct yw_conn *c, int (*fn)(void *ctx, const char *code, const char *name), void *ctx);

#endif
