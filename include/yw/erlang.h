/* Queueing formulas for planning (docs/queue-stats.md): Erlang C for M/M/c,
 * the Allen–Cunneen approximation for G/G/c, and the release advice — how
 * many appointments an hour may add to the walk-ins while the predicted
 * mean wait stays under a target. Pure functions: no store, no clock. */
#ifndef YW_ERLANG_H
#define YW_ERLANG_H
#include <stdbool.h>

/* Probability that an arrival waits (Erlang C); a = λ·s offered load in
 * Erlangs, c servers. 1 when a ≥ c (unstable). */
double yw_erlang_c(double a, int c);
/* Mean wait in queue (minutes) for λ arrivals/hour, mean service s minutes,
 * c servers; ca2 / cs2 the squared coefficients of variation of
 * inter-arrival and service times (1, 1 = M/M/c). Returns a negative value
 * when the system is unstable (λ·s ≥ 60·c). */
double yw_wait_gg_c(double lambda_per_h, double s_min, int c, double ca2, double cs2);
/* The largest number of extra arrivals per hour (appointments, ≤ max) that
 * keeps the predicted mean wait ≤ target minutes; 0 when walk-ins alone
 * already miss it. */
int yw_release_advice(double walkins_per_h, double s_min, double cs2, int c, double target_min, int max);

#endif
