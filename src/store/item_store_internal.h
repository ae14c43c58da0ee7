/* Shared by the catalogue's store files only. */
#ifndef YW_ITEM_STORE_INTERNAL_H
#define YW_ITEM_STORE_INTERNAL_H
#include "yw/item_store.h"

/* Column values derived from an item. */
bool yw_istore_any_comprehensive(const struct yw_item *it);
char *yw_istore_objects_text(unsigned service_objects); /* ",person,legal_person," */
char *yw_istore_themes_text(const struct yw_item *it);  /* JSON array */

#endif
