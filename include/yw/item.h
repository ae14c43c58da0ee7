/* A service item (政务服务事项) with every element of docs/catalogue-format.md:
 * the C form, its canonical JSON, and the consistency rules between
 * elements. Pure: no store, no HTTP. The parser takes JSON text (it uses a
 * JSON library inside; none shows in this interface). */
#ifndef YW_ITEM_H
#define YW_ITEM_H
#include "yw/core.h"

/* Enumerations: NULL-terminated English codes, in the order of the format
 * document; *_labels are the Chinese labels the UI shows. Enum fields of
 * struct yw_item hold an index into these tables; list fields a bit set. */
extern const char *const yw_item_types[], *const yw_item_type_labels[];
extern const char *const yw_item_handling_types[], *const yw_item_handling_type_labels[];
extern const char *const yw_item_review_types[];
extern const char *const yw_item_result_types[];
extern const char *const yw_item_service_objects[];
extern const char *const yw_item_handling_forms[];
extern const char *const yw_item_deliveries[];
extern const char *const yw_item_cross_scopes[];
extern const char *const yw_item_material_roles[];
extern const char *const yw_item_material_forms[];
extern const char *const yw_item_material_media[];
extern const char *const yw_item_trust_levels[];

/* Indexes used by the rules. */
enum { YW_ITEM_LICENSING = 0, YW_ITEM_PUBLIC_SERVICE = 7 };
enum { YW_HT_IMMEDIATE = 0, YW_HT_PROMISED, YW_HT_JOINT, YW_HT_REPORTED };
enum { YW_RT_INSTANT = 0, YW_RT_PRE_REVIEW };
enum { YW_RESULT_LICENCE = 0 };
enum { YW_FORM_WINDOW = 1u << 0, YW_FORM_ONLINE = 1u << 1, YW_FORM_POST = 1u << 2 };
enum { YW_DELIVERY_PICKUP = 1u << 0, YW_DELIVERY_POST = 1u << 1, YW_DELIVERY_ELECTRONIC = 1u << 2 };
enum { YW_MATERIAL_MAIN = 0, YW_MATERIAL_SECONDARY = 1 };

/* Size limits of the lists (the format document's caps). */
enum {
	YW_ITEM_MAX_MATERIALS = 100,
	YW_ITEM_MAX_STEPS = 30,
	YW_ITEM_MAX_FEES = 20,
	YW_ITEM_MAX_HALLS = 50,
	YW_ITEM_MAX_PARTNERS = 50,
	YW_ITEM_MAX_THEMES = 20,
};

struct yw_item_material {
	char *name, *elicence_type, *sample, *note; /* the last three may be NULL */
	bool required;
	int role, form, medium, trust_level; /* table indexes */
	int count;
};

struct yw_item_step {
	char *name, *role, *parallel_group; /* parallel_group may be NULL */
	char *department;                   /* name; NULL: the item's department */
	int64_t department_id;              /* 0 until resolved */
	int limit_days;
};

struct yw_item_fee {
	char *name, *basis;
	double amount_cny;
};

struct yw_item_hall {
	char *hall;      /* name */
	int64_t hall_id; /* 0 until resolved */
	bool comprehensive_window;
};

/* References (region, department, halls, step departments) may come as
 * names/codes (files), as ids (API), or both; the catalogue service
 * resolves each to both before anything is stored. */
struct yw_item {
	char *code, *name;
	char *region;      /* code */
	int64_t region_id;
	char *department;  /* name */
	int64_t department_id;
	char *implementing_agency, *legal_basis, *conditions, *result_name;
	char *consult_phone, *complaint_phone;
	int type, handling_type, review_type, result_type, cross_scope;
	int statutory_limit_days, promised_limit_days, online_depth, visits;
	unsigned service_objects, handling_forms, delivery; /* bit sets */
	bool fee_charged, tolerance;
	struct yw_item_material *materials;
	struct yw_item_step *steps;
	struct yw_item_fee *fees;
	struct yw_item_hall *halls;
	char **partners, **themes;
	int nmaterials, nsteps, nfees, nhalls, npartners, nthemes;
};

void yw_item_clear(struct yw_item *it);

/* Parses one ITEM object. Fills err (BAD_JSON, BAD_TYPE, MISSING_FIELD,
 * UNKNOWN_FIELD, TOO_LONG, OUT_OF_RANGE, BAD_ENUM, BAD_FORMAT,
 * INVALID_PHONE…) with the path of the bad field ("materials[2].count").
 * Server-owned members a client may send back (id, status, version…) are
 * ignored; `revision`, when present, goes to *revision (0 otherwise). */
int yw_item_parse(const char *json, size_t len, struct yw_item *out, int64_t *revision,
		  struct yw_error *err);

/* The canonical JSON of an item: every member, in the order of the format
 * document, defaults filled. with_ids adds region_id, department_id,
 * hall_id and steps' department_id (the stored and API form); without
 * them it is the portable file form. */
void yw_item_write_json(struct yw_buf *b, const struct yw_item *it, bool with_ids);
char *yw_item_to_json(const struct yw_item *it, bool with_ids);

/* The consistency rules between elements (format document, "Consistency
 * rules"). YW_OK, or YW_FAIL with ITEM_INCONSISTENT naming the field. */
int yw_item_check_rules(const struct yw_item *it, struct yw_error *err);
/* Sequential steps add up; a parallel group counts as its longest step. */
int yw_item_steps_total(const struct yw_item *it);

/* Lower-cased text the search matches: name, code, themes, departments,
 * agency, material names and the result. Newly allocated. */
char *yw_item_search_text(const struct yw_item *it);

/* Every pair of adjacent letters of a search text, space-separated: the
 * index two-character words are found in ("户口迁入" → "户口 口迁 迁入").
 * yw_item_bigram_word: is w two letters, so that index can find it? */
char *yw_item_bigrams(const char *search_text);
bool yw_item_bigram_word(const char *w);

/* A field-by-field diff of two item JSON texts: a JSON array of
 * {"field": "materials[居民身份证].count", "from": …, "to": …}. Newly
 * allocated; NULL if either text is not JSON. */
char *yw_item_diff(const char *from_json, const char *to_json);

#endif
