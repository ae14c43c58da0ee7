/* Service items: the enumerations of docs/catalogue-format.md, freeing,
 * and the text the search matches. */
#include "yw/item.h"
#include <stdlib.h>
#include <string.h>

const char *const yw_item_types[] = {"licensing", "confirmation", "payment",	  "adjudication",
				     "reward",	  "filing",	  "other_power", "public_service",
				     NULL};
const char *const yw_item_type_labels[] = {"行政许可", "行政确认", "行政给付",	   "行政裁决",
					   "行政奖励", "行政备案", "其他行政权力", "公共服务",
					   NULL};
const char *const yw_item_handling_types[] = {"immediate", "promised", "joint", "reported", NULL};
const char *const yw_item_handling_type_labels[] = {"即办件", "承诺件", "联办件", "上报件", NULL};
const char *const yw_item_review_types[] = {"instant", "pre_review", NULL};
const char *const yw_item_result_types[] = {"licence", "approval", "filing_receipt", "other", NULL};
const char *const yw_item_service_objects[] = {"person", "legal_person", NULL};
const char *const yw_item_handling_forms[] = {"window", "online", "post", NULL};
const char *const yw_item_deliveries[] = {"pickup", "post", "electronic", NULL};
const char *const yw_item_cross_scopes[] = {"none", "city", "province", "national", NULL};
const char *const yw_item_material_roles[] = {"main", "secondary", NULL};
const char *const yw_item_material_forms[] = {"original", "copy", "original_and_copy", NULL};
const char *const yw_item_material_media[] = {"paper", "electronic", "either", NULL};
const char *const yw_item_trust_levels[] = {"A", "B", "C", "D", NULL};

static void free_strings(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void yw_item_clear(struct yw_item *it)
{
	free(it->code);
	free(it->name);
	free(it->region);
	free(it->department);
	free(it->implementing_agency);
	free(it->legal_basis);
	free(it->conditions);
	free(it->result_name);
	free(it->consult_phone);
	free(it->complaint_phone);
	for (int i = 0; i < it->nmaterials; i++) {
		struct yw_item_material *m = &it->materials[i];
		free(m->name);
		free(m->elicence_type);
		free(m->sample);
		free(m->note);
	}
	free(it->materials);
	for (int i = 0; i < it->nsteps; i++) {
		free(it->steps[i].name);
		free(it->steps[i].role);
		free(it->steps[i].parallel_group);
		free(it->steps[i].department);
	}
	free(it->steps);
	for (int i = 0; i < it->nfees; i++) {
		free(it->fees[i].name);
		free(it->fees[i].basis);
	}
	free(it->fees);
	for (int i = 0; i < it->nhalls; i++)
		free(it->halls[i].hall);
	free(it->halls);
	free_strings(it->partners, it->npartners);
	free_strings(it->themes, it->nthemes);
	memset(it, 0, sizeof *it);
}

/* ASCII is lower-cased so that a search for "icp" finds "ICP"; CJK has no
 * case. Parts are separated by a character no query term contains. */
static void add_part(struct yw_buf *b, const char *s)
{
	if (!s || !*s)
		return;
	if (b->len)
		yw_buf_add(b, "\x1f", 1);
	size_t start = b->len;
	yw_buf_adds(b, s);
	for (size_t i = start; i < b->len; i++)
		if (b->data[i] >= 'A' && b->data[i] <= 'Z')
			b->data[i] = (char)(b->data[i] + 32);
}

char *yw_item_search_text(const struct yw_item *it)
{
	struct yw_buf b = {0};
	add_part(&b, it->name);
	add_part(&b, it->code);
	for (int i = 0; i < it->nthemes; i++)
		add_part(&b, it->themes[i]);
	add_part(&b, it->department);
	if (it->implementing_agency && (!it->department || strcmp(it->implementing_agency, it->department)))
		add_part(&b, it->implementing_agency);
	for (int i = 0; i < it->nmaterials; i++)
		add_part(&b, it->materials[i].name);
	add_part(&b, it->result_name);
	return yw_buf_steal(&b);
}
