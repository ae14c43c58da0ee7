/* Names of case states, timeline events and pauses, with the Chinese
 * labels the pages and notices show. */
#include "yw/case_internal.h"
#include <stdio.h>
#include <string.h>

const char *const yw_case_states[] = {"supplement", "not_accepted", "in_progress", "returned",
				      "special",    "decided",	    "delivered",   NULL};
const char *const yw_case_state_labels[] = {"待补正", "不予受理", "办理中", "补正中", "特别程序中", "已办结", "已送达", NULL};

const char *const yw_case_pause_kinds[] = {"supplement", "hearing", "inspection", "testing", "expert_review", NULL};
const char *const yw_case_pause_labels[] = {"补正", "听证", "检验", "检测", "专家评审", NULL};

const char *const yw_case_material_forms[] = {"paper_original", "paper_copy", "upload", "elicence", NULL};
const char *const yw_case_result_types[] = {"licence", "approval", "filing_receipt", "other", "refusal", NULL};

const char *const yw_step_actions[] = {"claim",	  "approve", "reject",	"return",
				       "extend", "special", "resume", "transfer", NULL};

static const char *const event_types[] = {
	"received",	      "supplement_notice", "accepted",	     "tolerant_accepted", "not_accepted",
	"supplemented",	      "tolerance_cleared", "stage_opened",   "claimed",		  "step_approved",
	"step_rejected",      "returned",	   "resumed",	     "special_started",	  "special_ended",
	"extension_requested", "extension_approved", "extension_refused", "transferred",	  "comment",
	"decided",	      "result_recorded",   "delivery_chosen", "shipped",	  "delivered",
	"warning",	      "overdue",	   "supply_warning", NULL};
static const char *const event_labels[] = {
	"收件",	      "一次性告知补正材料", "受理",	     "容缺受理",     "不予受理",
	"补正材料",   "容缺材料已补齐",	     "进入审查环节", "认领",	     "审查通过",
	"不予许可",   "退回补正",	     "补正后恢复办理", "特别程序开始", "特别程序结束",
	"申请延期",   "延期获批",	     "延期未获批准", "转办",	     "备注",
	"办结",	      "登记办理结果",	     "选择送达方式", "已寄出",	     "已送达",
	"预警",	      "超期",		     "容缺材料补交预警", NULL};

static const char *label_of(const char *const *names, const char *const *labels, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return labels[i];
	return "";
}

const char *yw_case_state_label(const char *state)
{
	return label_of(yw_case_states, yw_case_state_labels, state);
}

const char *yw_case_event_label(const char *type)
{
	return label_of(event_types, event_labels, type);
}

const char *yw_case_pause_label(const char *kind)
{
	return label_of(yw_case_pause_kinds, yw_case_pause_labels, kind);
}

bool yw_case_in(const char *s, const char *const *list)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

void yw_case_day(int64_t ms, struct yw_date *d, char s[11])
{
	struct yw_date x = yw_date_from_epoch_ms_shanghai(ms);
	if (d)
		*d = x;
	if (s)
		yw_date_format(x, s);
}

void yw_case_json_kv(struct yw_buf *b, const char *key, const char *value)
{
	yw_buf_adds(b, b->len > 1 ? "," : "");
	yw_buf_json_str(b, key);
	yw_buf_adds(b, ":");
	yw_buf_json_str(b, value ? value : "");
}

const char *yw_case_clip(char *buf, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len >= n) {
		len = n - 1;
		/* never cut a character in two */
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	if (len)
		memcpy(buf, s, len);
	buf[len] = 0;
	return buf;
}
