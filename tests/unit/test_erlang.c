/* Erlang C and Allen–Cunneen against hand-computed values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define UNUSED __attribute__((unused))

#include <math.h>

#include "yw/erlang.h"

static void near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.5f, want %.5f ± %.5f", got, want, tol);
}

static void test_erlang_c(void **state UNUSED)
{
	/* λ = 10/h, s = 10 min → a = 1.6667 Erlangs, c = 2: ρ = 0.8333,
	 * C = a²/2 / ((1 − ρ)(1 + a) + a²/2) = 1.3889 / (0.4444 + 1.3889) = 0.7576. */
	near(yw_erlang_c(10.0 * 10 / 60, 2), 0.7576, 0.0005);
	/* One server: C = ρ. */
	near(yw_erlang_c(0.5, 1), 0.5, 1e-9);
	near(yw_erlang_c(3.0, 2), 1.0, 0);
	near(yw_erlang_c(0, 3), 0.0, 0);
	/* Large c stays finite (no factorial overflow). */
	double big = yw_erlang_c(180.0, 200);
	assert_true(big > 0 && big < 1);
}

static void test_waits(void **state UNUSED)
{
	/* Wq = C·s/(c − a) = 0.7576 · 10 / 0.3333 = 22.73 min. */
	near(yw_wait_gg_c(10, 10, 2, 1, 1), 22.73, 0.02);
	/* Allen–Cunneen: deterministic-ish service (cs² = 0.25) scales by 0.625. */
	near(yw_wait_gg_c(10, 10, 2, 1, 0.25), 22.73 * 0.625, 0.02);
	/* M/M/1: Wq = ρ·s/(1 − ρ): λ = 3/h, s = 10 → ρ = 0.5 → 10 min. */
	near(yw_wait_gg_c(3, 10, 1, 1, 1), 10.0, 1e-6);
	assert_true(yw_wait_gg_c(12, 10, 2, 1, 1) < 0); /* a = 2 = c: unstable */
	assert_true(yw_wait_gg_c(0, 10, 2, 1, 1) == 0);
}

static void test_advice(void **state UNUSED)
{
	/* 3 windows, 8-minute service, 10 walk-ins an hour, 20-minute target. */
	int k = yw_release_advice(10, 8, 1, 3, 20, 60);
	assert_true(k > 0);
	assert_true(yw_wait_gg_c(10 + k, 8, 3, 1, 1) <= 20);
	assert_true(yw_wait_gg_c(10 + k + 1, 8, 3, 1, 1) > 20 || k == 60);
	/* Walk-ins alone already over the target: release nothing. */
	assert_int_equal(yw_release_advice(14, 10, 1, 2, 5, 60), 0);
	/* Steadier service admits more appointments. */
	assert_true(yw_release_advice(10, 8, 0.3, 3, 20, 60) >= k);
	/* Capped by max. */
	assert_int_equal(yw_release_advice(0, 1, 1, 10, 60, 7), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_erlang_c),
		cmocka_unit_test(test_waits),
		cmocka_unit_test(test_advice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
