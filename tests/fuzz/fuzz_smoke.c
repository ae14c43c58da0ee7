/* A short, deterministic fuzz run over the input parsers that face the
 * network: UTF-8, the identity validators, and JSON bodies mapped onto every
 * entity. Inputs are seeds mutated by a fixed PRNG (byte flips, inserts,
 * deletes, splices), so a failure reproduces; run under ASan/UBSan it
 * catches overflows and undefined behaviour. YW_FUZZ_ITERS sets the count. */
#include "api/api.h"
#include "yw/crud.h"
#include "yw/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const seeds[] = {
	"{\"name\":\"源城区政务服务中心\",\"region_id\":3,\"level\":\"district\",\"hours\":[\"08:30-12:00\",\"\",\"\",\"\",\"\",\"\",\"\"]}",
	"{\"hall_id\":1,\"number\":3,\"name\":\"综合受理\",\"type\":\"comprehensive\",\"department_ids\":[1,2],\"queue_codes\":[\"A\"]}",
	"{\"username\":\"clerk\",\"name\":\"张\",\"roles\":[\"clerk\"],\"password\":\"Good#Pass2026\",\"phone\":\"13800000001\"}",
	"{\"name\":\"局\",\"credit_code\":\"91350100M000100Y43\",\"region_id\":1,\"version\":2}",
	"{\"code\":\"441602001\",\"name\":\"街道\",\"level\":\"street\",\"parent_id\":3}",
	"11010519491231002X", "91110000600037341L", "13800000001", "0762-3300100", "\xe4\xb8\x80\xe7\xbd\x91",
};

static size_t mutate(char *buf, size_t len, size_t cap)
{
	int rounds = 1 + (int)(next() % 4);
	for (int i = 0; i < rounds; i++) {
		size_t pos = len ? next() % len : 0;
		switch (next() % 5) {
		case 0: if (len) buf[pos] = (char)next(); break;
		case 1: if (len) buf[pos] ^= (char)(1u << (next() % 8)); break;
		case 2: if (len < cap) { memmove(buf + pos + 1, buf + pos, len - pos); buf[pos] = "{}[]\",:0x\\\xff\xe4"[next() % 13]; len++; } break;
		case 3: if (len) { memmove(buf + pos, buf + pos + 1, len - pos - 1); len--; } break;
		case 4: { const char *s = seeds[next() % (sizeof seeds / sizeof seeds[0])]; size_t n = strlen(s) % 16; if (len + n < cap) { memmove(buf + pos + n, buf + pos, len - pos); memcpy(buf + pos, s, n); len += n; } } break;
		}
	}
	return len;
}

static void run_one(const char *data, size_t len)
{
	char *s = yw_strndup(data, len);
	yw_utf8_valid(data, len);
	free(yw_mask_id(s));
	free(yw_mask_phone(s));
	struct yw_error e = {0};
	yw_credit_code_check(s, "x", &e);
	struct yw_id_info info;
	yw_id_number_check(s, &info, "x", &e);
	yw_phone_valid(s);
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, NULL);
	if (json_is_object(j)) {
		for (int i = 0; yw_entities[i]; i++) {
			struct yw_rec *rec = yw_rec_new(yw_entities[i]);
			struct yw_resp r = {.fd = -1};
			int64_t version;
			yw_api_rec_from_json(j, (next() & 1) != 0, rec, &version, &r);
			struct yw_buf b = {0};
			yw_api_rec_to_json(&b, rec);
			yw_buf_free(&b);
			free(r.body);
			yw_rec_free(rec);
		}
	}
	json_decref(j);
	free(s);
}

int main(void)
{
	long iters = getenv("YW_FUZZ_ITERS") ? atol(getenv("YW_FUZZ_ITERS")) : 30000;
	char buf[1024];
	for (long i = 0; i < iters; i++) {
		const char *seed = seeds[i % (sizeof seeds / sizeof seeds[0])];
		size_t len = strlen(seed);
		memcpy(buf, seed, len);
		len = mutate(buf, len, sizeof buf);
		run_one(buf, len);
	}
	printf("fuzz smoke: %ld inputs, no crash\n", iters);
	return 0;
}
