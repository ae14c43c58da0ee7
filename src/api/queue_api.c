/* Hall queue API: kiosk, tickets, the ticket page, window actions, the
 * call board and cloud calling (docs/queue.md). Parsing and replies only;
 * rules are in domain/queue_*.c. */
#include "api/api.h"
#include "api/queue_json.h"
#include "yw/qr.h"
#include "yw/queue.h"
#include <stdlib.h>
#include <string.h>

#define DESK (YW_ROLE_CLERK | YW_ROLE_HALL_MANAGER | YW_ROLE_ADMIN)

/* ---- taking a number ---- */

struct take_body {
	int64_t queue_id, item_id;
	const char *priority, *id_number, *phone;
};

static const struct yw_jfield take_fields[] = {
	{"queue_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct take_body, queue_id)},
	{"item_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct take_body, item_id)},
	{"priority", YW_J_STR, false, 0, 16, offsetof(struct take_body, priority)},
	{"id_number", YW_J_STR, false, 0, 18, offsetof(struct take_body, id_number)},
	{"phone", YW_J_STR, false, 0, 20, offsetof(struct take_body, phone)},
};

static void take(struct yw_req *q, struct yw_resp *r, const char *source)
{
	int64_t hall_id = yw_req_id(q, 0, r);
	if (!hall_id)
		return;
	json_t *body = yw_api_body(q, r);
	if (!body)
		return;
	struct take_body tb = {0};
	if (!yw_api_fields(body, take_fields, 5, &tb, r)) {
		json_decref(body);
		return;
	}
	struct yw_ticket_req req = {
		.hall_id = hall_id,
		.queue_id = tb.queue_id,
		.item_id = tb.item_id,
		.source = source,
		.priority = tb.priority,
		.id_number = tb.id_number,
		.phone = tb.phone,
	};
	if (!strcmp(source, "remote")) {
		req.citizen_id = q->who.user_id;
		if (!req.phone || !*req.phone)
			req.phone = q->who.phone;
	}
	struct yw_actor actor = q->actor;
	if (!q->authed)
		actor.name = "自助终端 / kiosk";
	struct yw_ticket_status s;
	struct yw_error err = {0};
	int st = yw_ticket_issue(q->app->store, &actor, &req, &s, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	struct yw_buf b = {0};
	yw_ticket_json(&b, &s, true);
	yw_resp_buf(r, 201, &b);
}

static void take_kiosk(struct yw_req *q, struct yw_resp *r) { take(q, r, "kiosk"); }
static void take_reception(struct yw_req *q, struct yw_resp *r) { take(q, r, "reception"); }
static void take_remote(struct yw_req *q, struct yw_resp *r) { take(q, r, "remote"); }

/* ---- the ticket page (the token is the capability) ---- */

static void ticket_get(struct yw_req *q, struct yw_resp *r)
{
	struct yw_ticket_status s;
	int st = yw_ticket_status_cached(q->app->store, q->params[0], &s);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_ticket_json(&b, &s, true);
	yw_resp_buf(r, 200, &b);
}

static void ticket_qr(struct yw_req *q, struct yw_resp *r)
{
	struct yw_ticket_status s;
	int st = yw_ticket_status_by_token(q->app->store, q->params[0], &s);
	if (st) {
		yw_resp_status(r, st, NULL);
		return;
	}
	char path[64];
	snprintf(path, sizeof path, "/m/ticket/%s", s.t.token);
	char *link = yw_api_public_url(q, path);
	char *svg = yw_qr_svg(link);
	free(link);
	if (!svg) {
		yw_resp_err(r, YW_E_INTERNAL, NULL, "the QR code could not be made");
		return;
	}
	yw_resp_json_take(r, 200, svg);
	r->ctype = "image/svg+xml";
	yw_resp_header(r, "Cache-Control", "private, max-age=86400");
}

static void ticket_cancel(struct yw_req *q, struct yw_resp *r)
{
	struct yw_actor actor = q->actor;
	if (!q->authed)
		actor.name = "群众（凭号）/ ticket holder";
	struct yw_ticket t;
	struct yw_error err = {0};
	int st = yw_ticket_cancel(q->app->store, &actor, q->params[0], &t, &err);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	ticket_get(q, r);
}

/* ---- window actions ---- */

struct act_body {
	const char *code;
	int64_t ticket_id, queue_id, window_id;
};

static void act(struct yw_req *q, struct yw_resp *r, enum yw_window_action a)
{
	int64_t window_id = yw_req_id(q, 0, r);
	if (!window_id)
		return;
	struct act_body ab = {0};
	static const struct yw_jfield fields[] = {
		{"code", YW_J_STR, false, 1, 12, offsetof(struct act_body, code)},
		{"ticket_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct act_body, ticket_id)},
		{"queue_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct act_body, queue_id)},
		{"window_id", YW_J_INT, false, 1, INT64_MAX, offsetof(struct act_body, window_id)},
	};
	json_t *body = NULL;
	/* Actions without arguments accept an empty body. */
	if (q->body_len || a == YW_WA_CALL_CODE || a == YW_WA_RESUME || a == YW_WA_TRANSFER) {
		if (!(body = yw_api_body(q, r)))
			return;
		if (!yw_api_fields(body, fields, 4, &ab, r)) {
			json_decref(body);
			return;
		}
	}
	if (a == YW_WA_CALL_CODE && !ab.code) {
		json_decref(body);
		yw_resp_err(r, YW_E_MISSING_FIELD, "code", "请填写要呼叫的号码，如 A012");
		return;
	}
	if (a == YW_WA_RESUME && !ab.ticket_id) {
		json_decref(body);
		yw_resp_err(r, YW_E_MISSING_FIELD, "ticket_id", "请选择要恢复的号");
		return;
	}
	struct yw_window_arg arg = {.code = ab.code, .ticket_id = ab.ticket_id, .queue_id = ab.queue_id,
				    .window_id = ab.window_id};
	struct yw_ticket t;
	struct yw_error err = {0};
	int st = yw_window_act(q->app->store, &q->actor, window_id, a, &arg, &t, &err);
	json_decref(body);
	if (st) {
		yw_resp_status(r, st, &err);
		return;
	}
	if (a == YW_WA_OPEN || a == YW_WA_CLOSE) {
		yw_api_desk(q, r);
		return;
	}
	/* The reply shows the ticket as its page would (window, queue names). */
	struct yw_ticket_status s = {.t = t};
	if ((st = yw_ticket_status_by_token(q->app->store, t.token, &s))) {
		yw_resp_status(r, st, NULL);
		return;
	}
	struct yw_buf b = {0};
	yw_ticket_json(&b, &s, false);
	yw_resp_buf(r, 200, &b);
}

static void call_next(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_CALL_NEXT); }
static void call_code(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_CALL_CODE); }
static void recall(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_RECALL); }
static void no_show(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_NO_SHOW); }
static void park(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_PARK); }
static void resume(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_RESUME); }
static void transfer(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_TRANSFER); }
static void start(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_START); }
static void finish(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_FINISH); }
static void open_window(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_OPEN); }
static void close_window(struct yw_req *q, struct yw_resp *r) { act(q, r, YW_WA_CLOSE); }

const struct yw_route yw_routes_queue[] = {
	{"GET", "/api/v1/halls/{id}/kiosk", yw_api_kiosk, 0, "自助取号机首页：队列、等候人数与预计等候 / Kiosk: queues, waiting, estimates", "queue"},
	{"POST", "/api/v1/halls/{id}/tickets", take_kiosk, 0, "自助取号 / Take a number at the kiosk", "queue", NULL,
	 "{queue_id | item_id, priority?, id_number?, phone?}"},
	{"POST", "/api/v1/halls/{id}/tickets/reception", take_reception, DESK, "导办台代取号 / Take a number at reception",
	 "queue", NULL, "{queue_id | item_id, priority?, id_number?, phone?}"},
	{"POST", "/api/v1/halls/{id}/tickets/remote", take_remote, YW_ROLE_CITIZEN,
	 "远程取号（当日、办公时间）/ Remote ticket for today", "queue", NULL, "{queue_id | item_id, phone?}"},
	{"GET", "/api/v1/halls/{id}/tickets", yw_api_hall_tickets, DESK | YW_ROLE_SUPERVISOR,
	 "大厅当日排号（脱敏）/ A hall's tickets of a day, masked (?day=&status=&queue_id=)", "queue"},
	{"GET", "/api/v1/halls/{id}/board", yw_api_board, 0, "叫号屏数据 / The call board", "queue"},
	{"GET", "/api/v1/tickets/mine", yw_api_my_tickets, YW_ROLE_CITIZEN, "我今天的排号 / My tickets today", "queue"},
	{"GET", "/api/v1/tickets/{token}", ticket_get, 0, "排号实况（凭号）/ Live ticket by its token", "queue"},
	{"GET", "/api/v1/tickets/{token}/qr.svg", ticket_qr, 0, "排号二维码 / QR code of the ticket page", "queue"},
	{"POST", "/api/v1/tickets/{token}/cancel", ticket_cancel, 0, "取消排号 / Cancel a waiting ticket", "queue"},
	{"GET", "/api/v1/windows/{id}/desk", yw_api_desk, DESK, "窗口工作台 / Window desk state", "queue"},
	{"POST", "/api/v1/windows/{id}/call-next", call_next, DESK, "叫下一位 / Call next", "queue"},
	{"POST", "/api/v1/windows/{id}/call", call_code, DESK, "呼叫指定号 / Call a given number", "queue", NULL, "{code}"},
	{"POST", "/api/v1/windows/{id}/recall", recall, DESK, "重呼 / Recall", "queue"},
	{"POST", "/api/v1/windows/{id}/no-show", no_show, DESK, "过号 / No-show", "queue"},
	{"POST", "/api/v1/windows/{id}/park", park, DESK, "暂挂 / Park", "queue"},
	{"POST", "/api/v1/windows/{id}/resume", resume, DESK, "恢复暂挂 / Resume a parked ticket", "queue", NULL,
	 "{ticket_id}"},
	{"POST", "/api/v1/windows/{id}/transfer", transfer, DESK, "转移到队列或窗口 / Transfer", "queue", NULL,
	 "{queue_id} | {window_id}"},
	{"POST", "/api/v1/windows/{id}/start", start, DESK, "开始办理 / Start service", "queue"},
	{"POST", "/api/v1/windows/{id}/finish", finish, DESK, "办结 / Finish service", "queue"},
	{"POST", "/api/v1/windows/{id}/open", open_window, DESK, "开窗 / Open the window", "queue"},
	{"POST", "/api/v1/windows/{id}/close", close_window, DESK, "关窗 / Close the window", "queue"},
	{"GET", "/api/v1/cloud/items/{id}", yw_api_cloud, 0,
	 "云叫号：各大厅预计等候与推荐 / Cloud calling: waits per hall (?lat=&lng=)", "queue"},
	{NULL},
};
