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

/* ---- bigrams: two-character words (落户, 社保) ---- */

/* The code point at s and its length in bytes (s is valid UTF-8). */
static unsigned decode(const unsigned char *s, int *len)
{
	if (s[0] < 0x80)
		return *len = 1, s[0];
	if (s[0] < 0xE0)
		return *len = 2, ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	if (s[0] < 0xF0)
		return *len = 3, ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	return *len = 4, ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
			 (s[3] & 0x3Fu);
}

/* Letters and digits, as the full-text tokenizers see them: ASCII
 * alphanumerics and everything else except the punctuation blocks Chinese
 * text uses (general, CJK and full-width punctuation). */
static bool word_char(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return false;
	if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F))
		return false;
	if ((cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	    (cp >= 0xFF5B && cp <= 0xFF65))
		return false;
	return true;
}

/* The pairs of one text seen so far: open addressing over the two code
 * points packed into one number (0 marks a free slot). */
struct pair_set {
	uint64_t *slots;
	size_t cap, n;
};

static bool pair_add(struct pair_set *ps, uint64_t key)
{
	if ((ps->n + 1) * 2 > ps->cap) {
		struct pair_set bigger = {yw_calloc(ps->cap ? ps->cap * 2 : 256, sizeof(uint64_t)),
					  ps->cap ? ps->cap * 2 : 256, 0};
		for (size_t i = 0; i < ps->cap; i++)
			if (ps->slots[i])
				pair_add(&bigger, ps->slots[i]);
		free(ps->slots);
		*ps = bigger;
	}
	size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 32) & (ps->cap - 1);
	while (ps->slots[i]) {
		if (ps->slots[i] == key)
			return false;
		i = (i + 1) & (ps->cap - 1);
	}
	ps->slots[i] = key;
	ps->n++;
	return true;
}

/* Each pair once: lookups need only whether a row has it. */
char *yw_item_bigrams(const char *text)
{
	struct yw_buf b = {0};
	struct pair_set seen = {0};
	yw_buf_add(&b, "", 0);
	const unsigned char *p = (const unsigned char *)text, *prev = NULL;
	int prev_len = 0;
	unsigned prev_cp = 0;
	while (*p) {
		int len;
		unsigned cp = decode(p, &len);
		bool word = word_char(cp);
		if (word && prev && pair_add(&seen, (uint64_t)prev_cp << 32 | cp)) {
			if (b.len)
				yw_buf_add(&b, " ", 1);
			yw_buf_add(&b, (const char *)prev, (size_t)(prev_len + len));
		}
		prev = word ? p : NULL;
		prev_len = len;
		prev_cp = cp;
		p += len;
	}
	free(seen.slots);
	return yw_buf_steal(&b);
}

/* Letters every tokenizer in use counts as letters whatever the locale:
 * ASCII alphanumerics and CJK ideographs. A query word of two of them is
 * sure to be one token on both sides; other pairs go by LIKE. */
static bool plain_letter(unsigned cp)
{
	return (cp < 0x80 && word_char(cp)) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

bool yw_item_bigram_word(const char *w)
{
	int a, b;
	if (!*w || !plain_letter(decode((const unsigned char *)w, &a)) || !w[a])
		return false;
	return plain_letter(decode((const unsigned char *)w + a, &b)) && !w[a + b];
}
