/* libmicrohttpd in poll mode with an internal thread pool. Per DESIGN.md
 * (0.9.75 pitfalls): never epoll (stalls with >128 ready connections),
 * never select (1024 fds), never thread-per-connection; queue the reply
 * only on the second call of the access handler (queueing on the first
 * makes every reply Connection: close); always set a connection timeout. */
#include "http/internal.h"
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static atomic_int inflight;
static atomic_int_fast64_t last_start_us; /* when the latest request began */
static atomic_bool shutting_down;
static atomic_uint_fast64_t request_counter;
static char instance_prefix[9];

bool yw_http_shutting_down(void) { return atomic_load(&shutting_down); }

static void new_request_id(struct yw_req *q, struct MHD_Connection *c)
{
	const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
	if (given && strlen(given) <= 20 && strspn(given, "0123456789abcdefABCDEF-") == strlen(given) &&
	    *given) {
		snprintf(q->request_id, sizeof q->request_id, "%s", given);
		return;
	}
	uint64_t n = atomic_fetch_add(&request_counter, 1);
	snprintf(q->request_id, sizeof q->request_id, "%s%08llx", instance_prefix,
		 (unsigned long long)(n & 0xffffffffu));
}

static void client_ip(struct yw_req *q, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	q->client_ip[0] = 0;
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, q->client_ip, sizeof q->client_ip);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, q->client_ip,
			  sizeof q->client_ip);
}

static void add_headers(struct MHD_Response *m, struct yw_req *q, struct yw_resp *r)
{
	if (r->ctype)
		MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	MHD_add_response_header(m, "X-Request-Id", q->request_id);
	MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
	bool cache_set = false;
	for (int i = 0; i < r->nheaders; i++) {
		char *h = r->headers[i];
		char *colon = strchr(h, ':');
		if (!colon)
			continue;
		*colon = 0;
		MHD_add_response_header(m, h, colon + 2);
		if (!strcasecmp(h, "Cache-Control"))
			cache_set = true;
		*colon = ':';
	}
	if (!cache_set)
		MHD_add_response_header(m, "Cache-Control", "no-store");
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct yw_req *q, struct yw_resp *r)
{
	struct MHD_Response *m;
	if (r->stream) {
		m = yw_sse_response(r, c);
		if (!m) {
			yw_resp_free(r);
			return MHD_NO;
		}
		/* A stream lasts until the client leaves: the shutdown drain must
		 * not wait for it like for a request (streams end on their own). */
		((struct yw_req_full *)q)->stream = true;
		atomic_fetch_sub(&inflight, 1);
	} else if (r->fd >= 0) {
		m = MHD_create_response_from_fd64(r->fd_size, r->fd);
		q->resp_bytes = r->fd_size;
	} else {
		m = MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"",
						    r->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		r->body = NULL; /* MHD frees it */
		q->resp_bytes = r->len;
	}
	add_headers(m, q, r);
	q->resp_status = r->status;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, m);
	MHD_destroy_response(m);
	yw_resp_free(r);
	return ret;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *c, const char *url,
				      const char *method, const char *version, const char *upload,
				      size_t *upload_size, void **con_cls)
{
	struct yw_app *app = cls;
	struct yw_req *q = *con_cls;
	if (!q) {
		q = yw_calloc(1, sizeof(struct yw_req_full));
		q->app = app;
		q->mhd = c;
		q->method = method;
		q->url = url;
		q->started_us = yw_mono_us();
		q->route_index = -1;
		new_request_id(q, c);
		client_ip(q, c);
		/* Some routes (catalogue uploads) take more than the default. */
		const struct yw_route *rt = strcmp(method, "GET") ? yw_route_find(method, url) : NULL;
		q->body_limit = rt && rt->body_limit ? rt->body_limit : app->body_limit;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > q->body_limit)
			q->body_too_large = true;
		*con_cls = q;
		atomic_fetch_add(&inflight, 1);
		atomic_store(&last_start_us, q->started_us);
		return MHD_YES;
	}
	struct yw_req_full *qf = (struct yw_req_full *)q;
	if (*upload_size) {
		if (!q->body_too_large) {
			if (qf->body.len + *upload_size > q->body_limit) {
				q->body_too_large = true;
				yw_buf_free(&qf->body);
			} else {
				yw_buf_add(&qf->body, upload, *upload_size);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	q->body = qf->body.data;
	q->body_len = qf->body.len;
	struct yw_resp r = {.status = 200, .fd = -1};
	yw_dispatch(q, &r);
	return send_reply(c, q, &r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct yw_req_full *qf = *con_cls;
	if (!qf)
		return;
	struct yw_req *q = &qf->req;
	int64_t us = yw_mono_us() - q->started_us;
	int status = q->resp_status ? q->resp_status : 499; /* client went away */
	yw_metrics_record(q->route_index, status, us);
	yw_access_log(q, status, us);
	yw_buf_free(&qf->body);
	bool stream = qf->stream;
	free(qf);
	*con_cls = NULL;
	if (!stream)
		atomic_fetch_sub(&inflight, 1);
}

static void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
			enum MHD_ConnectionNotificationCode toe)
{
	yw_metrics_conn(toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '"' || msg[n - 1] == '\\'))
		msg[--n] = 0;
	for (char *p = msg; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = ' ';
	yw_log(YW_LOG_WARN, "http_internal", "\"message\":\"%s\"", msg);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen)
		return -1;
	size_t hl = (size_t)(colon - listen);
	if (hl >= sizeof host)
		return -1;
	memcpy(host, listen, hl);
	host[hl] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = 0;
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		*len = sizeof *s6;
		return 0;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		return -1;
	*len = sizeof *s4;
	return 0;
}

int yw_http_serve(struct yw_app *app, const char *listen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	if (parse_listen(listen, &ss, &sl)) {
		yw_log(YW_LOG_ERROR, "bad_listen", "\"listen\":\"%s\",\"hint\":\"use HOST:PORT\"", listen);
		return 2;
	}
	snprintf(instance_prefix, sizeof instance_prefix, "%08x", (unsigned)(yw_now_ms() ^ getpid() * 2654435761u));
	int nroutes;
	yw_routes(&nroutes);
	yw_metrics_init(nroutes);

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_ALLOW_SUSPEND_RESUME |
			 MHD_USE_ERROR_LOG;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, access_handler, app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->threads, MHD_OPTION_CONNECTION_TIMEOUT,
		app->conn_timeout_s, MHD_OPTION_CONNECTION_LIMIT, 10000u, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		1024u, MHD_OPTION_NOTIFY_COMPLETED, completed, app, MHD_OPTION_NOTIFY_CONNECTION,
		conn_notify, app, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		/* MHD clears the whole per-connection pool between keep-alive
		 * requests; 16 KiB (headers only: bodies go to our own buffer) instead
		 * of 32 KiB halves that memset, the top user-space cost of /healthz. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_END);
	if (!d) {
		yw_log(YW_LOG_ERROR, "listen_failed", "\"listen\":\"%s\",\"errno\":\"%s\"", listen,
		       strerror(errno));
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	app->bound_port = di ? di->port : 0;
	yw_log_start_buffering();
	yw_sse_start();
	yw_log(YW_LOG_INFO, "listening",
	       "\"listen\":\"%s\",\"port\":%u,\"threads\":%d,\"web\":\"%s\",\"pid\":%d", listen,
	       app->bound_port, app->threads, app->web_root ? app->web_root : "", (int)getpid());

	int sig = 0;
	sigwait(&set, &sig);
	yw_log(YW_LOG_INFO, "shutdown_started", "\"signal\":%d,\"inflight\":%d", sig, atomic_load(&inflight));
	atomic_store(&shutting_down, true);
	/* Stop accepting, let requests in flight finish (bounded), then stop. */
	MHD_socket lsock = MHD_quiesce_daemon(d);
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	yw_sse_shutdown(); /* streams end, so the drain below can finish */
	/* Drain: wait (at most 10 s) until nothing is in flight and no request
	 * has started on an open keep-alive connection for 250 ms; give the
	 * ended streams up to 1 s to send their last bytes (a client that does
	 * not read is then simply disconnected). */
	int64_t t0 = yw_mono_us();
	for (int64_t deadline = t0 + 10 * 1000000; yw_mono_us() < deadline;) {
		if (atomic_load(&inflight) == 0 && yw_mono_us() - atomic_load(&last_start_us) > 250000 &&
		    (yw_sse_count() == 0 || yw_mono_us() - t0 > 1000000))
			break;
		usleep(20 * 1000);
	}
	MHD_stop_daemon(d);
	yw_log(YW_LOG_INFO, "shutdown_done", "\"inflight\":%d", atomic_load(&inflight));
	yw_log_flush();
	return 0;
}
