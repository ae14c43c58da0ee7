/* Prometheus metrics: requests by route and status, a latency histogram
 * per route, open connections and store errors. Counters are atomics in
 * fixed arrays so recording never takes a lock. */
#include "http/internal.h"
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const int statuses[] = {200, 201, 202, 204, 206, 304, 400, 401, 403, 404, 405,
			       409, 413, 415, 422, 423, 429, 499, 500, 503, 0 /* other */};
enum { NSTATUS = sizeof statuses / sizeof statuses[0] };
static const double buckets[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
				 0.01,	 0.025,	  0.05,	  0.1,	 0.25,	 1.0};
enum { NBUCKETS = sizeof buckets / sizeof buckets[0] };

struct route_stats {
	atomic_uint_fast64_t by_status[NSTATUS];
	atomic_uint_fast64_t hist[NBUCKETS + 1];
	atomic_uint_fast64_t sum_us;
};

static struct route_stats *stats; /* nroutes + 1: the last is "static/other" */
static int nstats;
static atomic_int open_connections;

void yw_metrics_init(int nroutes)
{
	if (stats)
		return;
	nstats = nroutes + 1;
	stats = yw_calloc((size_t)nstats, sizeof *stats);
}

void yw_metrics_conn(int delta) { atomic_fetch_add(&open_connections, delta); }

void yw_metrics_record(int route_index, int status, int64_t latency_us)
{
	if (!stats)
		return;
	struct route_stats *s = &stats[route_index >= 0 && route_index < nstats - 1 ? route_index : nstats - 1];
	int k = NSTATUS - 1;
	for (int i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status) {
			k = i;
			break;
		}
	atomic_fetch_add(&s->by_status[k], 1);
	double secs = (double)latency_us / 1e6;
	int b = NBUCKETS;
	for (int i = 0; i < NBUCKETS; i++)
		if (secs <= buckets[i]) {
			b = i;
			break;
		}
	atomic_fetch_add(&s->hist[b], 1);
	atomic_fetch_add(&s->sum_us, (uint64_t)latency_us);
}

char *yw_metrics_render(struct yw_store *store)
{
	struct yw_buf b = {0};
	int n;
	const struct yw_route *routes = yw_routes(&n);
	yw_buf_adds(&b, "# HELP yiwang_http_requests_total HTTP requests by route, method and status.\n"
			"# TYPE yiwang_http_requests_total counter\n");
	for (int r = 0; r < nstats; r++) {
		const char *pattern = r < n ? routes[r].pattern : "static";
		const char *method = r < n ? routes[r].method : "GET";
		for (int k = 0; k < NSTATUS; k++) {
			uint64_t v = atomic_load(&stats[r].by_status[k]);
			if (!v)
				continue;
			if (statuses[k])
				yw_buf_printf(&b, "yiwang_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n",
					      pattern, method, statuses[k], (unsigned long long)v);
			else
				yw_buf_printf(&b, "yiwang_http_requests_total{route=\"%s\",method=\"%s\",status=\"other\"} %llu\n",
					      pattern, method, (unsigned long long)v);
		}
	}
	yw_buf_adds(&b, "# HELP yiwang_http_request_duration_seconds Request latency by route.\n"
			"# TYPE yiwang_http_request_duration_seconds histogram\n");
	for (int r = 0; r < nstats; r++) {
		uint64_t cum = 0, total = 0;
		for (int i = 0; i <= NBUCKETS; i++)
			total += atomic_load(&stats[r].hist[i]);
		if (!total)
			continue;
		const char *pattern = r < n ? routes[r].pattern : "static";
		const char *method = r < n ? routes[r].method : "GET";
		for (int i = 0; i <= NBUCKETS; i++) {
			cum += atomic_load(&stats[r].hist[i]);
			if (i < NBUCKETS)
				yw_buf_printf(&b, "yiwang_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"%g\"} %llu\n",
					      pattern, method, buckets[i], (unsigned long long)cum);
			else
				yw_buf_printf(&b, "yiwang_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"+Inf\"} %llu\n",
					      pattern, method, (unsigned long long)cum);
		}
		yw_buf_printf(&b, "yiwang_http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n",
			      pattern, method, (double)atomic_load(&stats[r].sum_us) / 1e6);
		yw_buf_printf(&b, "yiwang_http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n",
			      pattern, method, (unsigned long long)total);
	}
	yw_buf_printf(&b,
		      "# HELP yiwang_http_open_connections Open HTTP connections.\n"
		      "# TYPE yiwang_http_open_connections gauge\n"
		      "yiwang_http_open_connections %d\n"
		      "# HELP yiwang_sse_streams Open server-sent event streams.\n"
		      "# TYPE yiwang_sse_streams gauge\n"
		      "yiwang_sse_streams %d\n"
		      "# HELP yiwang_store_errors_total Hard store errors since start.\n"
		      "# TYPE yiwang_store_errors_total counter\n"
		      "yiwang_store_errors_total %llu\n",
		      atomic_load(&open_connections), yw_sse_count(), (unsigned long long)yw_store_error_count(store));
	return yw_buf_steal(&b);
}
