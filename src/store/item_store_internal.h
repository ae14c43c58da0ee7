/* Shared by the catalogue's store files only. */
#ifndef YW_ITEM_STORE_INTERNAL_H
#define YW_ITEM_STORE_INTERNAL_H
#include "yw/item_store.h"

/* Column values derived from an item. */
bool yw_istore_any_comprehensive(const struct yw_item *it);
char *yw_istore_objects_text(unsigned service_objects); /* ",person,legal_person," */
char *yw_istore_themes_text(const struct yw_item *it);  /* JSON array */

/* How a search's words reach the indexes (item_store.c; the knowledge
 * base's search in kb_store.c uses it too, so both find words alike): tri is
 * the FTS5 MATCH text of every word of three characters or more on SQLite
 * (quoted phrases), or on PostgreSQL the LIKE pattern of the first such
 * word (it drives the pg_trgm index); bi lists the two-letter words
 * (yw_item_bigram_word) for the bigram index; need_like[i] says word i must
 * still be checked by its LIKE pattern. shape is the catalogue's statement
 * shape. Free tri and bi. */
struct yw_text_plan {
	int shape;
	char *tri, *bi;
	bool need_like[YW_ITEM_QUERY_WORDS];
};
void yw_istore_plan_text(const char *const *words, const char *const *like, int nwords, enum yw_dialect d,
			 struct yw_text_plan *tp);
/* Appends w to an FTS5 query as a quoted phrase (quote) or as it is, after a space. */
void yw_istore_add_phrase(struct yw_buf *b, const char *w, bool quote);

#endif
