/* Queue statistics and release advice (docs/queue-stats.md). */
#ifndef YW_QUEUE_STATS_H
#define YW_QUEUE_STATS_H
#include "yw/queue.h"

enum yw_stats_by { YW_BY_QUEUE, YW_BY_WINDOW, YW_BY_STAFF, YW_BY_HOUR };

struct yw_qstat_group {
	int64_t key;
	char label[320];
	int tickets, served, no_shows, cancelled, appointments, appointments_on_time, quote_n, quote_in_range;
	double wait_mean, wait_p50, wait_p90, service_mean, service_p50, service_p90, quote_mae; /* minutes */
};
struct yw_qstats {
	struct yw_qstat_group *g;
	int n;
	int total;
	int peak_hours[3], peak_counts[3]; /* by tickets issued; -1 when fewer */
};
/* Over local days from..to (at most 93), hall scope checked. */
int yw_queue_stats(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, const char *from, const char *to,
		   enum yw_stats_by by, struct yw_qstats *out, struct yw_error *err);
void yw_qstats_free(struct yw_qstats *q);

struct yw_advice_row {
	int64_t queue_id;
	char queue_name[184];
	int hour, windows, advised, current; /* current: the plan's, -1 none */
	double arrivals, mean_service, cs2, wait_without, wait_with; /* wait < 0: unstable */
};
struct yw_advice {
	struct yw_advice_row *rows;
	int n;
	double target;
	int days; /* days of history used */
};
/* From the last 20 working days of the hourly rollup. target ≤ 0: the hall's. */
int yw_release_advice_view(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, double target,
			   struct yw_advice *out, struct yw_error *err);
/* Writes the advice into the release plan of one queue (or all, queue_id 0). */
int yw_release_advice_apply(struct yw_store *s, const struct yw_actor *who, int64_t hall_id, int64_t queue_id,
			    double target, struct yw_advice *out, struct yw_error *err);
void yw_advice_free(struct yw_advice *a);

/* Demo history: `days` past working days of hall 1 simulated (seed demo). */
int yw_queue_seed_history(struct yw_store *s, int days);

#endif
