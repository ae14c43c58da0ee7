/* Routing and the central checks every API request passes: body size,
 * authentication (cookie or bearer), role, CSRF. Scope checks on objects
 * are in domain/authz.c, called by the domain services. */
#include "http/internal.h"
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Match "/api/v1/halls/{id}" against a URL, capturing {…} segments. */
static bool match(const char *pattern, const char *url, struct yw_req *q)
{
	int n = 0;
	while (*pattern && *url) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			size_t len = strcspn(url, "/");
			if (!close || len == 0 || len >= sizeof q->params[0] || n >= YW_MAX_PATH_PARAMS)
				return false;
			memcpy(q->params[n], url, len);
			q->params[n++][len] = 0;
			pattern = close + 1;
			url += len;
			continue;
		}
		if (*pattern != *url)
			return false;
		pattern++;
		url++;
	}
	if (*pattern || *url)
		return false;
	q->nparams = n;
	return true;
}

const struct yw_route *yw_route_find(const char *method, const char *url)
{
	int n;
	const struct yw_route *routes = yw_routes(&n);
	struct yw_req scratch;
	int *cand = yw_malloc((size_t)n * sizeof *cand);
	int nc = yw_route_candidates(url, cand, n);
	const struct yw_route *found = NULL;
	for (int k = 0; k < nc && !found; k++)
		if (!strcmp(routes[cand[k]].method, method) && match(routes[cand[k]].pattern, url, &scratch))
			found = &routes[cand[k]];
	free(cand);
	return found;
}

static bool is_api_path(const char *url)
{
	return !strncmp(url, "/api/", 5) || !strncmp(url, "/open311/", 9) || !strcmp(url, "/healthz") ||
	       !strcmp(url, "/metrics") || !strcmp(url, "/api");
}

static const char *bearer_token(struct yw_req *q)
{
	const char *h = yw_req_header(q, "Authorization");
	if (h && !strncasecmp(h, "Bearer ", 7))
		return h + 7;
	return NULL;
}

static bool authenticate(struct yw_req *q, struct yw_resp *r)
{
	const char *token = bearer_token(q);
	if (!token) {
		token = yw_req_cookie(q, "yw_session");
		q->via_cookie = token != NULL;
	}
	if (!token) {
		yw_resp_err(r, YW_E_UNAUTHENTICATED, NULL, "no session cookie or bearer token");
		return false;
	}
	struct yw_error e = {0};
	int st = yw_auth_session(q->app->store, token, &q->who, &e);
	if (st) {
		yw_resp_status(r, st, &e);
		return false;
	}
	q->authed = true;
	yw_auth_actor(&q->who, &q->actor);
	return true;
}

static bool is_safe_method(const char *m) { return !strcmp(m, "GET") || !strcmp(m, "HEAD"); }

static bool csrf_ok(struct yw_req *q)
{
	if (!q->via_cookie || is_safe_method(q->method))
		return true;
	const char *given = yw_req_header(q, "X-CSRF-Token");
	return given && strlen(given) == 32 && sodium_memcmp(given, q->who.csrf, 32) == 0;
}

/* The role the actor acts in for this route: the first of theirs it allows. */
static const char *acting_role(unsigned have, unsigned allowed)
{
	for (int i = 0; yw_role_names[i]; i++)
		if (have & allowed & (1u << i))
			return yw_role_names[i];
	return NULL;
}

void yw_dispatch(struct yw_req *q, struct yw_resp *r)
{
	q->actor.request_id = q->request_id;
	q->actor.client_ip = q->client_ip;
	if (q->body_too_large) {
		yw_resp_err(r, YW_E_BODY_TOO_LARGE, NULL, "limit is %zu bytes", q->body_limit);
		return;
	}
	if (!is_api_path(q->url)) {
		if (!is_safe_method(q->method)) {
			yw_resp_err(r, YW_E_METHOD_NOT_ALLOWED, NULL, NULL);
			return;
		}
		yw_static_serve(q->app, q->url, r);
		return;
	}
	int n;
	const struct yw_route *routes = yw_routes(&n);
	bool path_matched = false;
	const char *method = !strcmp(q->method, "HEAD") ? "GET" : q->method;
	int *cand = yw_malloc((size_t)n * sizeof *cand);
	int nc = yw_route_candidates(q->url, cand, n);
	for (int k = 0; k < nc; k++) {
		int i = cand[k];
		if (!match(routes[i].pattern, q->url, q))
			continue;
		path_matched = true;
		if (strcmp(routes[i].method, method))
			continue;
		q->route = &routes[i];
		q->route_index = i;
		break;
	}
	free(cand);
	if (!q->route) {
		if (path_matched)
			yw_resp_err(r, YW_E_METHOD_NOT_ALLOWED, NULL, "%s %s", q->method, q->url);
		else
			yw_resp_err(r, YW_E_ROUTE_NOT_FOUND, NULL, "%s", q->url);
		return;
	}
	if (yw_http_shutting_down() && strcmp(q->url, "/healthz")) {
		yw_resp_header(r, "Connection", "close");
	}
	if (q->route->roles) {
		if (!authenticate(q, r))
			return;
		const char *role = acting_role(q->who.roles, q->route->roles);
		if (!role) {
			yw_resp_err(r, YW_E_FORBIDDEN_ROLE, NULL, "%s %s", q->method, q->route->pattern);
			return;
		}
		q->actor.role = role;
		if (!csrf_ok(q)) {
			yw_resp_err(r, YW_E_CSRF, "X-CSRF-Token", "send the csrf value from login as X-CSRF-Token");
			return;
		}
	}
	q->route->fn(q, r);
}
