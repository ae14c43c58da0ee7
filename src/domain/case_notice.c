/* The notices of a case, filled from the case with the wording of
 * 行政许可法 (第32条 acceptance, refusal and 一次性告知, 第38条 refusal of a
 * licence, 第42条 extension, 第44条 delivery, 第45条 excluded time). The
 * renderer (pdf/notice_pdf.c) only lays them out. What a notice said is
 * rebuilt from the timeline: the 一次性告知书 lists what the event recorded
 * then, not what is still missing now. */
#include "yw/case_notice.h"
#include "yw/case_internal.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *keep(struct yw_case_notice *n, char *s)
{
	n->owned = yw_realloc(n->owned, sizeof *n->owned * (size_t)(n->nowned + 1));
	n->owned[n->nowned++] = s;
	return s;
}

__attribute__((format(printf, 2, 3))) static const char *S(struct yw_case_notice *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return keep(n, s);
}

/* "2026-04-28" → "2026年4月28日". */
static const char *cn_date(struct yw_case_notice *n, const char *iso)
{
	int y, m, d;
	if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
		return "";
	return S(n, "%d年%d月%d日", y, m, d);
}

static const char *cn_date_ms(struct yw_case_notice *n, int64_t ms)
{
	char day[11];
	yw_case_day(ms, NULL, day);
	return cn_date(n, day);
}

static void field(struct yw_case_notice *n, const char *label, const char *value)
{
	if (n->n.nfields < YW_CASE_NOTICE_FIELDS)
		n->fields[n->n.nfields++] = (struct yw_notice_field){label, value ? value : ""};
}

static void para(struct yw_case_notice *n, const char *text)
{
	if (n->n.nparagraphs < YW_CASE_NOTICE_PARAGRAPHS)
		n->paragraphs[n->n.nparagraphs++] = text;
}

static void material(struct yw_case_notice *n, const char *name, const char *form, int count, const char *note)
{
	n->materials = yw_realloc(n->materials, sizeof *n->materials * (n->n.nmaterials + 1));
	n->materials[n->n.nmaterials++] = (struct yw_notice_material){name, form, count, note ? note : ""};
}

static const char *form_label(const char *form)
{
	static const char *const labels[] = {"原件", "复印件", "上传文件", "电子证照"};
	for (int i = 0; yw_case_material_forms[i]; i++)
		if (!strcmp(form, yw_case_material_forms[i]))
			return labels[i];
	return "";
}

static const char *masked(struct yw_case_notice *n, const char *s, bool phone)
{
	return keep(n, phone ? yw_mask_phone(s) : yw_mask_id(s));
}

static bool enterprise(const struct yw_case *k)
{
	return !strcmp(k->applicant_kind, "enterprise");
}

static const char *you(const struct yw_case *k)
{
	return enterprise(k) ? "你单位" : "你";
}

static void applicant_fields(struct yw_case_notice *n, const struct yw_case *k, const char *label)
{
	field(n, label, k->applicant_name);
	if (enterprise(k)) {
		field(n, "统一社会信用代码", k->applicant_id);
		field(n, "法定代表人", k->legal_rep);
	} else {
		field(n, "身份证号码", masked(n, k->applicant_id, false));
	}
	if (k->agent_name[0]) {
		field(n, "经办人", k->agent_name);
		field(n, "经办人证件号码", masked(n, k->agent_id, false));
	}
	field(n, "联系电话", masked(n, k->applicant_phone, true));
}

static const struct yw_case_event *last_event(const struct yw_case_detail *d, const char *a, const char *b)
{
	const struct yw_case_event *e = NULL;
	for (int i = 0; i < d->nevents; i++)
		if (!strcmp(d->events[i].type, a) || (b && !strcmp(d->events[i].type, b)))
			e = &d->events[i];
	return e;
}

/* The materials an event listed ({"materials":[{seq,name,reason}]}). */
static void listed_materials(struct yw_case_notice *n, const struct yw_case_detail *d, const struct yw_case_event *e,
			     const char *due_note)
{
	json_t *root = e && e->detail ? json_loads(e->detail, 0, NULL) : NULL;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(root, "materials"), i, m)
	{
		int seq = (int)json_integer_value(json_object_get(m, "seq"));
		const char *name = json_string_value(json_object_get(m, "name"));
		const char *reason = json_string_value(json_object_get(m, "reason"));
		const char *form = "", *note = reason;
		int count = 0;
		for (int k = 0; k < d->nmaterials; k++)
			if (d->materials[k].seq == seq && d->materials[k].form[0]) {
				form = form_label(d->materials[k].form);
				count = d->materials[k].count;
			}
		if (due_note)
			note = S(n, "%s%s%s", reason && *reason && strcmp(reason, "未提交") ? reason : "",
				 reason && *reason && strcmp(reason, "未提交") ? "；" : "", due_note);
		material(n, S(n, "%s", name ? name : ""), form, count, note ? S(n, "%s", note) : "");
	}
	json_decref(root);
}

static void received_materials(struct yw_case_notice *n, const struct yw_case_detail *d, const char *note)
{
	for (int i = 0; i < d->nmaterials; i++) {
		const struct yw_case_material *m = &d->materials[i];
		if (!strcmp(m->status, "ok"))
			material(n, m->name, form_label(m->form), m->count,
				 note ? note : !strcmp(m->form, "elicence") ? "电子证照在线核验" : "");
	}
}

static const char *limits(struct yw_case_notice *n, const struct yw_case *k)
{
	return S(n, "法定%d个工作日（%s前）；承诺%d个工作日（%s前）", k->statutory_days + k->extension_days,
		 k->due_statutory[0] ? cn_date(n, k->due_statutory) : "日期待定", k->promised_days + k->extension_days,
		 k->due_promised[0] ? cn_date(n, k->due_promised) : "日期待定");
}

static const char *appeal(struct yw_case_notice *n, const struct yw_case *k)
{
	return S(n, "如不服本决定，可以自收到本通知书之日起六十日内向%s人民政府申请行政复议，"
		    "也可以自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。",
		 k->region_name[0] ? k->region_name : "本级");
}

static void fill_accept(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	n->n.issued_on = k->accepted_on;
	applicant_fields(n, k, "申请人");
	const char *ht = "";
	for (int i = 0; yw_item_handling_types[i]; i++)
		if (!strcmp(k->handling_type, yw_item_handling_types[i]))
			ht = yw_item_handling_type_labels[i];
	field(n, "办件类型", ht);
	field(n, "申请事项", k->item_name);
	field(n, "受理日期", cn_date(n, k->accepted_on));
	field(n, "实施机关", k->department_name);
	field(n, "受理地点", k->hall_name);
	field(n, "办结时限", limits(n, k));
	para(n, S(n, "%s于%s提出的%s申请，申请事项属于本机关职权范围，%s。根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。",
		  you(k), cn_date_ms(n, k->received_at), k->item_name,
		  k->tolerant ? "主要申请材料齐全、符合法定形式，次要材料按容缺受理承诺书补交" : "申请材料齐全、符合法定形式"));
	para(n, S(n, "本事项法定办结时限为%d个工作日，承诺办结时限为%d个工作日，均自受理之日的次日起按工作日计算，法定节假日不计算在内。"
		     "本机关承诺于%s前作出决定。依法需要听证、检验、检测、鉴定和专家评审的，所需时间不计算在上述期限内，本机关将另行书面告知。",
		  k->statutory_days, k->promised_days, k->due_promised[0] ? cn_date(n, k->due_promised) : "承诺期限内"));
	para(n, "请妥善保管本通知书。扫描本通知书下方的二维码，输入申请人联系电话或证件号码后四位，即可查询办理进度。");
	received_materials(n, d, NULL);
	n->n.materials_title = "已收申请材料清单";
	n->n.materials_after = 2;
}

static void fill_supplement(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	const struct yw_case_event *e = last_event(d, "supplement_notice", "returned");
	bool in_review = e && !strcmp(e->type, "returned");
	n->n.issued_on = S(n, "%s", "");
	if (e) {
		char day[11];
		yw_case_day(e->at, NULL, day);
		n->n.issued_on = S(n, "%s", day);
	}
	applicant_fields(n, k, "申请人");
	field(n, "申请事项", k->item_name);
	field(n, "收件日期", cn_date_ms(n, k->received_at));
	para(n, S(n, "%s于%s提出的%s申请，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现一次性告知%s需要补正的全部内容：",
		  you(k), cn_date_ms(n, k->received_at), k->item_name, you(k)));
	para(n, in_review ? S(n, "本告知书所列为需要补正的全部内容。补正期间办理时限暂停计算，%s提交全部补正材料之日起恢复计算。", you(k))
			  : S(n, "本告知书所列为需要补正的全部内容，本机关不再要求补正本告知书以外的其他材料。%s一次性补齐上述材料后，"
				 "可到本区任一政务服务大厅综合受理窗口提交，补齐之日予以受理，办理时限自受理之日的次日起计算。",
			      you(k)));
	if (in_review && e->reason)
		para(n, S(n, "补正事由：%s", e->reason));
	listed_materials(n, d, e, NULL);
	n->n.materials_title = "需要补正的材料";
	n->n.materials_after = 1;
}

static void fill_tolerant(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	n->n.issued_on = k->accepted_on;
	applicant_fields(n, k, "承诺人");
	field(n, "申请事项", k->item_name);
	field(n, "容缺受理日期", cn_date(n, k->accepted_on));
	field(n, "补交期限", k->supply_due[0] ? S(n, "%s前", cn_date(n, k->supply_due)) : "受理窗口告知的期限内");
	n->n.addressee = S(n, "%s：", k->hall_name);
	para(n, S(n, "本人（本单位）申请办理%s，主要申请材料齐全、符合法定形式，尚有下列次要材料暂未提交。现申请容缺受理，并郑重承诺：",
		  k->item_name));
	para(n, "一、提交的申请材料真实、合法、有效，并对申请材料实质内容的真实性负责；");
	para(n, S(n, "二、在%s前补齐下列容缺材料，所补材料与已提交材料及本承诺内容一致；",
		  k->supply_due[0] ? cn_date(n, k->supply_due) : "规定期限"));
	para(n, "三、未按期补齐容缺材料，或者所补材料与承诺不符的，同意审批机关终止办理本申请，由此产生的后果自行承担，并同意将未履行承诺的情况记入信用记录。");
	if (k->commitment[0])
		para(n, S(n, "承诺内容：%s", k->commitment));
	listed_materials(n, d, last_event(d, "tolerant_accepted", NULL),
			 k->supply_due[0] ? S(n, "%s前补交", cn_date(n, k->supply_due)) : "按期补交");
	n->n.materials_title = "容缺材料及补交期限";
	n->n.materials_after = 3;
	n->n.applicant_sign = "承诺人（签名或盖章）：";
	n->n.signature = "受理机关（盖章）";
}

static void fill_refuse(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	n->n.issued_on = k->decided_on;
	applicant_fields(n, k, "申请人");
	field(n, "申请事项", k->item_name);
	field(n, "申请日期", cn_date_ms(n, k->received_at));
	para(n, S(n, "%s于%s提出的%s申请，经审查，%s。根据《中华人民共和国行政许可法》第三十二条第一款的规定，本机关决定不予受理。",
		  you(k), cn_date_ms(n, k->received_at), k->item_name, k->outcome_reason));
	if (k->redirect[0])
		para(n, S(n, "%s。已提交的申请材料全部退还。", k->redirect));
	para(n, appeal(n, k));
	received_materials(n, d, "已退还");
	n->n.materials_title = "退还材料清单";
	n->n.materials_after = 2;
}

static void fill_extension(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	const struct yw_case_event *e = last_event(d, "extension_approved", NULL);
	if (e) {
		char day[11];
		yw_case_day(e->at, NULL, day);
		n->n.issued_on = S(n, "%s", day);
	}
	n->n.agency = k->department_name;
	applicant_fields(n, k, "申请人");
	field(n, "申请事项", k->item_name);
	field(n, "受理日期", cn_date(n, k->accepted_on));
	field(n, "延长期限", S(n, "%d个工作日", k->extension_days));
	field(n, "延长后承诺办结日期", cn_date(n, k->due_promised));
	field(n, "延长后法定办结日期", cn_date(n, k->due_statutory));
	field(n, "批准人", "本机关负责人");
	para(n, S(n, "%s申请的%s（办件编号：%s），本机关已于%s受理。因%s，本机关不能在规定期限内作出决定。", you(k),
		  k->item_name, k->case_no, cn_date(n, k->accepted_on), k->extension_reason));
	para(n, S(n, "根据《中华人民共和国行政许可法》第四十二条第一款的规定，经本机关负责人批准，办理期限延长%d个工作日，承诺办结日期延至%s。",
		  k->extension_days, cn_date(n, k->due_promised)));
	para(n, "特此通知。");
}

static const char *result_names(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	struct yw_buf b = {0};
	for (int i = 0; i < d->nresults; i++) {
		yw_buf_adds(&b, i ? "、" : "");
		yw_buf_adds(&b, d->results[i].name);
	}
	return keep(n, b.data ? yw_buf_steal(&b) : yw_strdup(""));
}

static void fill_finish(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	bool approved = !strcmp(k->outcome, "approved");
	n->n.issued_on = k->decided_on;
	n->n.agency = k->department_name;
	applicant_fields(n, k, "申请人");
	field(n, "申请事项", k->item_name);
	field(n, "受理日期", cn_date(n, k->accepted_on));
	field(n, "办结日期", cn_date(n, k->decided_on));
	field(n, "办理结果", approved ? "准予办理" : "不予许可");
	bool on_time = k->due_promised[0] && strcmp(k->decided_on, k->due_promised) <= 0;
	if (approved) {
		para(n, S(n, "%s申请的%s（办件编号：%s），本机关已于%s办结，作出准予办理的决定，办理结果为：%s。本件承诺办结日期为%s，%s。",
			  you(k), k->item_name, k->case_no, cn_date(n, k->decided_on), result_names(n, d),
			  k->due_promised[0] ? cn_date(n, k->due_promised) : "——", on_time ? "按时办结" : "已办结"));
		para(n, S(n, "根据《中华人民共和国行政许可法》第四十四条的规定，办理结果将于%s前送达。%s可凭取件码和身份证件到本区任一政务服务大厅出件窗口领取，也可以申请邮政寄递送达。",
			  k->delivery_due[0] ? cn_date(n, k->delivery_due) : "十个工作日内", you(k)));
	} else {
		para(n, S(n, "%s申请的%s（办件编号：%s），经审查，%s。根据《中华人民共和国行政许可法》第三十八条第二款的规定，本机关决定不予许可。",
			  you(k), k->item_name, k->case_no, k->outcome_reason));
		para(n, appeal(n, k));
	}
	for (int i = 0; i < d->nresults; i++)
		material(n, d->results[i].name, "原件", 1, d->results[i].number);
	n->n.materials_title = "办理结果";
	n->n.materials_after = 2;
}

static void fill_service(struct yw_case_notice *n, const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	const struct yw_case_delivery *v = NULL;
	for (int i = 0; i < d->ndeliveries; i++)
		if (!strcmp(d->deliveries[i].state, "done"))
			v = &d->deliveries[i];
	n->n.addressee = NULL;
	n->n.issued_on = S(n, "%s", "");
	if (k->delivered_at) {
		char day[11];
		yw_case_day(k->delivered_at, NULL, day);
		n->n.issued_on = S(n, "%s", day);
	}
	field(n, "送达文书", result_names(n, d));
	field(n, "文书编号", d->nresults ? d->results[0].number : "");
	field(n, "受送达人", k->applicant_name);
	const char *how = !v ? "" : !strcmp(v->method, "post") ? "邮政寄递送达" : "直接送达";
	field(n, "送达方式", how);
	if (v && !strcmp(v->method, "post")) {
		field(n, "送达地点", S(n, "%s（%s %s）", v->address, v->carrier, v->tracking_no));
		field(n, "签收人", v->collector_name);
	} else if (v) {
		field(n, "送达地点", S(n, "%s出件窗口", v->hall_name[0] ? v->hall_name : k->hall_name));
		field(n, "领取人", S(n, "%s（证件号码 %s）", v->collector_name, v->collector_id));
	}
	field(n, "签收日期", k->delivered_at ? cn_date_ms(n, k->delivered_at) : "");
	para(n, "请受送达人核对下列送达文书的名称和份数，确认无误后在本回证上签名或盖章，并注明签收日期。由他人代收的，代收人应注明与受送达人的关系及代收理由。");
	for (int i = 0; i < d->nresults; i++)
		material(n, d->results[i].name, "原件", 1, d->results[i].number);
	n->n.materials_title = "送达文书";
}

unsigned yw_case_notices_available(const struct yw_case_detail *d)
{
	const struct yw_case *k = &d->c;
	unsigned bits = 0;
	if (k->accepted_on[0])
		bits |= 1u << YW_NOTICE_ACCEPT;
	if (last_event(d, "supplement_notice", "returned"))
		bits |= 1u << YW_NOTICE_SUPPLEMENT;
	if (k->tolerant)
		bits |= 1u << YW_NOTICE_TOLERANT;
	if (!strcmp(k->outcome, "not_accepted"))
		bits |= 1u << YW_NOTICE_REFUSE;
	if (!strcmp(k->extension_state, "approved"))
		bits |= 1u << YW_NOTICE_EXTENSION;
	if (!strcmp(k->outcome, "approved") || !strcmp(k->outcome, "rejected"))
		bits |= 1u << YW_NOTICE_FINISH;
	if (!strcmp(k->state, "delivered"))
		bits |= 1u << YW_NOTICE_SERVICE;
	return bits;
}

int yw_case_notice_fill(const struct yw_case_detail *d, enum yw_notice_kind kind, const char *tracking_url,
			struct yw_case_notice *out, struct yw_error *err)
{
	memset(out, 0, sizeof *out);
	if ((int)kind < 0 || kind >= YW_NOTICE_KIND_COUNT || !(yw_case_notices_available(d) & (1u << kind))) {
		yw_error_set(err, YW_E_NOT_FOUND, "kind", "该办件没有此通知书 / the case has no such notice (yet)");
		return YW_NOTFOUND;
	}
	const struct yw_case *k = &d->c;
	struct yw_notice *n = &out->n;
	n->kind = kind;
	n->agency = k->hall_name[0] ? k->hall_name : k->department_name;
	n->case_no = k->case_no;
	n->tracking_url = tracking_url;
	n->signature = "（盖章）";
	n->addressee = S(out, "%s：", k->applicant_name);
	n->fields = out->fields;
	n->paragraphs = out->paragraphs;
	switch (kind) {
	case YW_NOTICE_ACCEPT: fill_accept(out, d); break;
	case YW_NOTICE_SUPPLEMENT: fill_supplement(out, d); break;
	case YW_NOTICE_TOLERANT: fill_tolerant(out, d); break;
	case YW_NOTICE_REFUSE: fill_refuse(out, d); break;
	case YW_NOTICE_EXTENSION: fill_extension(out, d); break;
	case YW_NOTICE_FINISH: fill_finish(out, d); break;
	case YW_NOTICE_SERVICE: fill_service(out, d); break;
	default: break;
	}
	n->materials = out->materials;
	if (!n->issued_on || !*n->issued_on) {
		char day[11];
		yw_case_day(yw_now_ms(), NULL, day);
		n->issued_on = S(out, "%s", day);
	}
	return YW_OK;
}

void yw_case_notice_free(struct yw_case_notice *n)
{
	for (int i = 0; i < n->nowned; i++)
		free(n->owned[i]);
	free(n->owned);
	free(n->materials);
	memset(n, 0, sizeof *n);
}
