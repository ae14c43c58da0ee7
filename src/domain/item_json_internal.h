/* The item parser on an already parsed JSON value, for the import (which
 * reads a whole file, or builds objects from CSV cells). Domain files only:
 * no JSON library type appears in a public header. */
#ifndef YW_ITEM_JSON_INTERNAL_H
#define YW_ITEM_JSON_INTERNAL_H
#include "yw/item.h"
#include <jansson.h>

int yw_item_from_value(json_t *o, struct yw_item *out, int64_t *revision, struct yw_error *err);

#endif
