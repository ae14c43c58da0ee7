/* The route table: every endpoint, the roles it admits and its summary
 * (the OpenAPI description is generated from this table). */
#include "api/api.h"
#include "yw/crud.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define STAFF YW_ROLES_STAFF
#define ANYONE YW_ROLES_ANY
#define ADMIN YW_ROLE_ADMIN
#define AUDITORS (YW_ROLE_ADMIN | YW_ROLE_SUPERVISOR)

static const struct yw_route fixed[] = {
	{"GET", "/healthz", yw_api_healthz, 0, "存活检查 / Liveness (?deep=1 also asks the store)", "system"},
	{"GET", "/metrics", yw_api_metrics, 0, "Prometheus 指标 / Prometheus metrics", "system"},
	{"GET", "/api/v1/openapi.json", yw_api_openapi, 0, "本接口描述 / This OpenAPI description", "system"},
	{"POST", "/api/v1/auth/login", yw_api_login, 0, "工作人员登录 / Staff login", "auth", NULL,
	 "{username, password}"},
	{"POST", "/api/v1/auth/logout", yw_api_logout, ANYONE, "退出登录 / Log out (revokes the session)", "auth"},
	{"GET", "/api/v1/auth/me", yw_api_me, ANYONE, "当前用户与 CSRF 令牌 / Current user and CSRF token", "auth"},
	{"PUT", "/api/v1/auth/password", yw_api_password, STAFF, "修改密码 / Change password", "auth", NULL,
	 "{old_password, new_password}"},
	{"POST", "/api/v1/auth/otp/request", yw_api_otp_request, 0,
	 "群众获取短信验证码 / Citizen: send a one-time code", "auth", NULL, "{phone}"},
	{"POST", "/api/v1/auth/otp/verify", yw_api_otp_verify, 0,
	 "群众验证码登录 / Citizen: log in with the code", "auth", NULL, "{phone, code}"},
	{"GET", "/api/v1/meta", yw_api_meta, STAFF, "枚举与标签 / Enumerations and labels", "system"},
	{"GET", "/api/v1/audit", yw_api_audit_list, AUDITORS,
	 "审计日志 / Audit log (?entity=&entity_id=&actor=&action=&from=&to=&page=&page_size=)", "audit"},
	{"GET", "/api/v1/outbox", yw_api_outbox_list, ADMIN, "消息发件箱 / Notification outbox", "system"},
	{"GET", "/api/v1/staff/{id}/contact", yw_api_staff_contact, ADMIN,
	 "人员完整手机号（读取留痕）/ A staff member's full phone (the read is audited)", "staff",
	 &yw_entity_staff},
};

static struct yw_route *table;
static int ntable;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void add(struct yw_route r)
{
	table[ntable++] = r;
}

/* Route arrays of the other API modules, each ended by an entry with a NULL
 * method. A new module adds its array here and in api.h. */
static const struct yw_route *const modules[] = {yw_routes_catalogue, yw_routes_calendar, yw_routes_queue, yw_routes_events, yw_routes_appt, yw_routes_queue_stats, yw_routes_kb, yw_routes_apikey, yw_routes_hotline, yw_routes_hotline_kpi, yw_routes_open311, yw_routes_cases, yw_routes_case_flow, yw_routes_case_delivery, yw_routes_case_files, yw_routes_case_stats, yw_routes_rating, yw_routes_rating_rectify, yw_routes_rating_figures, yw_routes_rating_admin, NULL};

static size_t module_count(const struct yw_route *m)
{
	size_t n = 0;
	while (m[n].method)
		n++;
	return n;
}

static void build(void)
{
	int nent = 0;
	while (yw_entities[nent])
		nent++;
	size_t nfixed = sizeof fixed / sizeof fixed[0], nmod = 0;
	for (int m = 0; modules[m]; m++)
		nmod += module_count(modules[m]);
	table = yw_calloc(nfixed + nmod + (size_t)nent * 5, sizeof *table);
	for (size_t i = 0; i < nfixed; i++)
		add(fixed[i]);
	for (int m = 0; modules[m]; m++)
		for (size_t i = 0; modules[m][i].method; i++)
			add(modules[m][i]);
	for (int i = 0; i < nent; i++) {
		struct yw_entity *e = yw_entities[i];
		yw_entity_store_init(e);
		char *list = yw_asprintf("/api/v1/%s", e->plural);
		char *one = yw_asprintf("/api/v1/%s/{id}", e->plural);
		add((struct yw_route){"GET", list, yw_api_entity_list, e->read_roles,
				      yw_asprintf("%s列表 / List %s (?page=&page_size=&q=&filters)", e->label, e->plural),
				      e->plural, e});
		add((struct yw_route){"POST", list, yw_api_entity_create, e->write_roles,
				      yw_asprintf("新建%s / Create a %s", e->label, e->name), e->plural, e});
		add((struct yw_route){"GET", one, yw_api_entity_get, e->read_roles,
				      yw_asprintf("%s详情 / Get a %s", e->label, e->name), e->plural, e});
		add((struct yw_route){"PUT", one, yw_api_entity_update, e->write_roles,
				      yw_asprintf("修改%s / Update a %s (partial; send version to lock)", e->label,
						  e->name),
				      e->plural, e});
		add((struct yw_route){"DELETE", one, yw_api_entity_delete, e->write_roles,
				      yw_asprintf("删除%s / Delete a %s", e->label, e->name), e->plural, e});
	}
}

const struct yw_route *yw_routes(int *n)
{
	pthread_once(&once, build);
	*n = ntable;
	return table;
}
