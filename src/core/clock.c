#include "yw/core.h"
#include <stdatomic.h>
#include <time.h>

static atomic_int_fast64_t clock_offset_ms;

int64_t yw_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&clock_offset_ms);
}

int64_t yw_mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void yw_clock_set_offset_ms(int64_t offset) { atomic_store(&clock_offset_ms, offset); }
