/* Erlang C through the Erlang B recursion (stable for any c: no factorials
 * or powers that overflow), Allen–Cunneen's correction, and the search for
 * the release advice. */
#include "yw/erlang.h"

double yw_erlang_c(double a, int c)
{
	if (c <= 0 || a >= c)
		return 1.0;
	if (a <= 0)
		return 0.0;
	/* B(0) = 1; B(k) = a·B(k−1) / (k + a·B(k−1)). */
	double b = 1.0;
	for (int k = 1; k <= c; k++)
		b = a * b / (k + a * b);
	/* C = B / (1 − ρ(1 − B)), ρ = a / c. */
	double rho = a / c;
	return b / (1.0 - rho * (1.0 - b));
}

double yw_wait_gg_c(double lambda_per_h, double s_min, int c, double ca2, double cs2)
{
	if (lambda_per_h <= 0 || s_min <= 0)
		return 0.0;
	double a = lambda_per_h * s_min / 60.0; /* offered load, Erlangs */
	if (c <= 0 || a >= c)
		return -1.0;
	/* M/M/c: Wq = C(c, a) · s / (c − a); Allen–Cunneen scales it by (ca²+cs²)/2. */
	double wq = yw_erlang_c(a, c) * s_min / (c - a);
	return wq * (ca2 + cs2) / 2.0;
}

int yw_release_advice(double walkins_per_h, double s_min, double cs2, int c, double target_min, int max)
{
	int best = 0;
	for (int k = 0; k <= max; k++) {
		double w = yw_wait_gg_c(walkins_per_h + k, s_min, c, 1.0, cs2);
		if (w < 0 || w > target_min)
			break;
		best = k;
	}
	/* k = 0 may already miss the target: then nothing can be released. */
	double w0 = yw_wait_gg_c(walkins_per_h, s_min, c, 1.0, cs2);
	return w0 < 0 || w0 > target_min ? 0 : best;
}
