/* The consistency rules between an item's elements (docs/catalogue-format.md,
 * "Consistency rules"). Each failure names the element to correct, so the
 * form can put the message next to it; the message says which other
 * element it contradicts. Checked on every save and again on publish. */
#include "yw/item.h"
#include <string.h>

static int bad(struct yw_error *err, const char *field, const char *msg)
{
	yw_error_set(err, YW_E_ITEM_INCONSISTENT, field, "%s", msg);
	return YW_FAIL;
}

int yw_item_steps_total(const struct yw_item *it)
{
	int total = 0;
	for (int i = 0; i < it->nsteps; i++) {
		const struct yw_item_step *s = &it->steps[i];
		if (!s->parallel_group) {
			total += s->limit_days;
			continue;
		}
		/* Count a group once, at its first step, as its longest step. */
		bool seen = false;
		for (int k = 0; k < i && !seen; k++)
			seen = it->steps[k].parallel_group && !strcmp(it->steps[k].parallel_group, s->parallel_group);
		if (seen)
			continue;
		int longest = 0;
		for (int k = i; k < it->nsteps; k++)
			if (it->steps[k].parallel_group && !strcmp(it->steps[k].parallel_group, s->parallel_group) &&
			    it->steps[k].limit_days > longest)
				longest = it->steps[k].limit_days;
		total += longest;
	}
	return total;
}

static bool same_department(const struct yw_item_step *a, const struct yw_item_step *b)
{
	if (a->department_id && b->department_id)
		return a->department_id == b->department_id;
	if (a->department && b->department)
		return !strcmp(a->department, b->department);
	return !a->department && !b->department && !a->department_id && !b->department_id;
}

/* 联办: some parallel group has steps of two or more departments. */
static bool has_joint_group(const struct yw_item *it)
{
	for (int i = 0; i < it->nsteps; i++)
		for (int k = i + 1; k < it->nsteps; k++) {
			const struct yw_item_step *a = &it->steps[i], *b = &it->steps[k];
			if (a->parallel_group && b->parallel_group && !strcmp(a->parallel_group, b->parallel_group) &&
			    !same_department(a, b))
				return true;
		}
	return false;
}

static int check_limits(const struct yw_item *it, struct yw_error *err)
{
	if (it->promised_limit_days > it->statutory_limit_days)
		return bad(err, "promised_limit_days",
			   "承诺办结时限不能超过法定办结时限 / promised_limit_days exceeds statutory_limit_days");
	if (it->type == YW_ITEM_LICENSING && it->statutory_limit_days > 45)
		return bad(err, "statutory_limit_days",
			   "行政许可的法定时限最长 45 个工作日（行政许可法第42条）/ a licence is decided within 45 "
			   "working days at most");
	if (yw_item_steps_total(it) > it->promised_limit_days)
		return bad(err, "steps",
			   "各环节时限合计（并联环节取最长）超过承诺办结时限 / the steps take longer than "
			   "promised_limit_days");
	return YW_OK;
}

/* 即办件 ⇔ 即审即办 ⇔ promised 0: name the element that breaks the triangle. */
static int check_immediate(const struct yw_item *it, struct yw_error *err)
{
	bool immediate = it->handling_type == YW_HT_IMMEDIATE;
	bool instant = it->review_type == YW_RT_INSTANT;
	bool zero = it->promised_limit_days == 0;
	if (immediate && !instant)
		return bad(err, "review_type", "即办件应为即审即办 / an immediate item has review_type instant");
	if (immediate && !zero)
		return bad(err, "promised_limit_days",
			   "即办件的承诺时限应为 0 / an immediate item has promised_limit_days 0");
	if (!immediate && (instant || zero))
		return bad(err, "handling_type",
			   "即审即办或承诺时限为 0 的事项应为即办件 / review_type instant or promised_limit_days 0 "
			   "means handling_type immediate");
	return YW_OK;
}

static int check_joint(const struct yw_item *it, struct yw_error *err)
{
	bool joint = it->handling_type == YW_HT_JOINT;
	bool group = has_joint_group(it);
	if (joint && !group)
		return bad(err, "steps",
			   "联办件需要至少一个由两个以上部门并联办理的环节组 / a joint item needs a "
			   "parallel_group with steps of two or more departments");
	if (!joint && group)
		return bad(err, "handling_type",
			   "多个部门并联办理的事项应为联办件 / steps of several departments in one "
			   "parallel_group make a joint item");
	return YW_OK;
}

static int check_online(const struct yw_item *it, struct yw_error *err)
{
	if (it->online_depth == 4 && it->visits != 0)
		return bad(err, "visits", "全程网办（深度Ⅳ）应为零跑动 / online_depth 4 means visits 0");
	if (it->online_depth == 4 && !(it->handling_forms & YW_FORM_ONLINE))
		return bad(err, "handling_forms",
			   "全程网办（深度Ⅳ）的办理形式应包含网上办理 / online_depth 4 needs online in "
			   "handling_forms");
	if (it->visits == 0 && it->online_depth != 4 && !(it->handling_forms & YW_FORM_POST))
		return bad(err, "visits",
			   "零跑动需要全程网办或快递申请 / visits 0 needs online_depth 4 or post in "
			   "handling_forms");
	return YW_OK;
}

static int check_tolerance(const struct yw_item *it, struct yw_error *err)
{
	if (!it->tolerance)
		return YW_OK;
	for (int i = 0; i < it->nmaterials; i++)
		if (it->materials[i].required && it->materials[i].role == YW_MATERIAL_SECONDARY)
			return YW_OK;
	return bad(err, "tolerance",
		   "容缺受理需要至少一项必要的次要材料（主要材料不能容缺）/ tolerance needs a required "
		   "secondary material");
}

static int check_materials_and_result(const struct yw_item *it, struct yw_error *err)
{
	if (it->nmaterials == 0 && it->type != YW_ITEM_PUBLIC_SERVICE)
		return bad(err, "materials",
			   "只有公共服务事项可以不要求材料 / only a public_service item may list no materials");
	if ((it->delivery & YW_DELIVERY_ELECTRONIC) && it->result_type != YW_RESULT_LICENCE)
		return bad(err, "delivery",
			   "电子证照送达需要结果类型为证照 / electronic delivery needs result_type licence");
	if (it->consult_phone && it->complaint_phone && !strcmp(it->consult_phone, it->complaint_phone))
		return bad(err, "complaint_phone",
			   "咨询电话与投诉电话不能相同 / complaint_phone must differ from consult_phone");
	return YW_OK;
}

int yw_item_check_rules(const struct yw_item *it, struct yw_error *err)
{
	if (check_limits(it, err) || check_immediate(it, err) || check_joint(it, err) ||
	    check_online(it, err) || check_tolerance(it, err) || check_materials_and_result(it, err))
		return YW_FAIL;
	return YW_OK;
}
