/* Open311's dates: the W3C date-time profile of ISO 8601, always with a time
 * zone. We write Asia/Shanghai times (+08:00); we read any zone. */
#include "yw/open311.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define SHANGHAI_MS ((int64_t)8 * 3600000)

/* n digits at *p, advancing; -1 when they are not all digits. */
static int digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

bool yw_o311_parse_time(const char *s, bool end_of_day, int64_t *ms)
{
	if (!s || strlen(s) < 10)
		return false;
	char day[11];
	memcpy(day, s, 10);
	day[10] = 0;
	struct yw_date d;
	if (yw_date_parse(day, &d, "date", NULL) != YW_OK)
		return false;
	if (!s[10]) {
		struct yw_date at = end_of_day ? yw_date_add_days(d, 1) : d;
		*ms = yw_date_midnight_ms_shanghai(at) - (end_of_day ? 1 : 0);
		return true;
	}
	if (s[10] != 'T')
		return false;
	const char *p = s + 11;
	int hh = digits(&p, 2), mm = -1, ss = 0, frac = 0;
	if (hh < 0 || *p++ != ':' || (mm = digits(&p, 2)) < 0)
		return false;
	if (*p == ':') {
		p++;
		if ((ss = digits(&p, 2)) < 0)
			return false;
		if (*p == '.') {
			p++;
			int n = 0, scale = 100;
			for (; isdigit((unsigned char)*p); p++, n++) {
				frac += (*p - '0') * scale;
				scale /= 10;
			}
			if (!n)
				return false;
		}
	}
	if (hh > 23 || mm > 59 || ss > 59)
		return false;
	int offset = 0; /* minutes east of UTC */
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-' || *p == ' ') {
		int sign = *p == '-' ? -1 : 1, oh, om;
		p++;
		if ((oh = digits(&p, 2)) < 0 || *p++ != ':' || (om = digits(&p, 2)) < 0 || oh > 14 || om > 59)
			return false;
		offset = sign * (oh * 60 + om);
	} else {
		return false; /* the zone is not optional */
	}
	if (*p)
		return false;
	*ms = yw_date_to_days(d) * 86400000 + (((int64_t)hh * 60 + mm) * 60 + ss) * 1000 + frac -
	      (int64_t)offset * 60000;
	return true;
}

void yw_o311_format_time(int64_t ms, char out[32])
{
	int64_t local = ms + SHANGHAI_MS;
	int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
	int64_t rest = local - days * 86400000;
	struct yw_date d = yw_date_from_days(days);
	int secs = (int)(rest / 1000);
	char buf[64];
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", d.y, d.m, d.d, secs / 3600, secs / 60 % 60,
		 secs % 60);
	snprintf(out, 32, "%.31s", buf);
}
