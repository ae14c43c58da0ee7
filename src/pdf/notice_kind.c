/* The kinds of case notice: the title printed on paper and the name used
 * in URLs. One table so the two can never drift apart. */
#include "yw/notice.h"
#include <string.h>

static const struct {
	const char *title, *subtitle, *slug;
} kinds[YW_NOTICE_KIND_COUNT] = {
	[YW_NOTICE_ACCEPT] = {"受理通知书", NULL, "accept"},
	/* 行政许可法 第32条 calls it 一次性告知; halls print both names. */
	[YW_NOTICE_SUPPLEMENT] = {"一次性告知书", "（补正材料通知书）", "supplement"},
	[YW_NOTICE_TOLERANT] = {"容缺受理承诺书", NULL, "tolerant"},
	[YW_NOTICE_REFUSE] = {"不予受理通知书", NULL, "refuse"},
	[YW_NOTICE_EXTENSION] = {"延期通知书", NULL, "extension"},
	[YW_NOTICE_FINISH] = {"办结通知书", NULL, "finish"},
	[YW_NOTICE_SERVICE] = {"送达回证", NULL, "service"},
};

static bool known(enum yw_notice_kind kind)
{
	return (int)kind >= 0 && kind < YW_NOTICE_KIND_COUNT;
}

const char *yw_notice_title(enum yw_notice_kind kind)
{
	return known(kind) ? kinds[kind].title : NULL;
}

const char *yw_notice_subtitle(enum yw_notice_kind kind)
{
	return known(kind) ? kinds[kind].subtitle : NULL;
}

const char *yw_notice_slug(enum yw_notice_kind kind)
{
	return known(kind) ? kinds[kind].slug : NULL;
}

int yw_notice_kind_from_slug(const char *name)
{
	if (!name)
		return -1;
	for (int k = 0; k < YW_NOTICE_KIND_COUNT; k++)
		if (!strcmp(name, kinds[k].slug))
			return k;
	return -1;
}
