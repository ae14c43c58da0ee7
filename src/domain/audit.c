/* The audit chain. Each row's hash covers its fields and the previous row's
 * hash, so changing or removing any row breaks the chain from there on; the
 * head row (last id and hash) also catches a removed tail. */
#include "yw/audit.h"
#include "yw/audit_store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yw_audit_row_clear(struct yw_audit_row *r)
{
	free(r->actor_name);
	free(r->role);
	free(r->action);
	free(r->entity);
	free(r->summary);
	free(r->request_id);
	free(r->client_ip);
	free(r->prev_hash);
	free(r->hash);
	memset(r, 0, sizeof *r);
}

static void add_field(crypto_generichash_state *st, const char *s)
{
	/* Length-prefixed so "ab"+"c" and "a"+"bc" hash differently. */
	uint32_t n = s ? (uint32_t)strlen(s) : 0xFFFFFFFFu;
	crypto_generichash_update(st, (const unsigned char *)&n, sizeof n);
	if (s)
		crypto_generichash_update(st, (const unsigned char *)s, n);
}

static void add_int(crypto_generichash_state *st, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	add_field(st, buf);
}

static void row_hash(const struct yw_audit_row *r, char out[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	add_field(&st, r->prev_hash);
	add_int(&st, r->id);
	add_int(&st, r->at);
	add_int(&st, r->actor_id);
	add_field(&st, r->actor_name);
	add_field(&st, r->role);
	add_field(&st, r->action);
	add_field(&st, r->entity);
	add_int(&st, r->entity_id);
	add_field(&st, r->summary);
	add_field(&st, r->request_id);
	add_field(&st, r->client_ip);
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int yw_audit_append(struct yw_conn *c, const struct yw_actor *who, const char *action,
		    const char *entity, int64_t entity_id, const char *summary)
{
	int64_t last_id;
	char prev[65], hash[65];
	int r = yw_astore_lock_head(c, &last_id, prev);
	if (r != YW_OK)
		return r;
	struct yw_audit_row a = {
		.id = last_id + 1,
		.at = yw_now_ms(),
		.actor_id = who ? who->user_id : 0,
		.actor_name = (char *)(who && who->name ? who->name : "system"),
		.role = (char *)(who && who->role ? who->role : "system"),
		.action = (char *)action,
		.entity = (char *)entity,
		.entity_id = entity_id,
		.summary = (char *)(summary ? summary : "{}"),
		.request_id = (char *)(who ? who->request_id : NULL),
		.client_ip = (char *)(who ? who->client_ip : NULL),
		.prev_hash = prev,
	};
	row_hash(&a, hash);
	a.hash = hash;
	r = yw_astore_insert(c, &a);
	if (r != YW_OK)
		return r;
	return yw_astore_set_head(c, a.id, hash);
}

/* ---- summaries ---- */

static void put_value(struct yw_buf *b, const struct yw_field *f, const struct yw_val *v)
{
	if (!v->set || v->null)
		yw_buf_adds(b, "null");
	else
		yw_val_json(b, f, v);
}

static bool same(const struct yw_val *a, const struct yw_val *b)
{
	if (a->null != b->null)
		return false;
	if (a->s || b->s)
		return a->s && b->s && !strcmp(a->s, b->s);
	return a->i == b->i;
}

char *yw_audit_summary(const struct yw_rec *before, const struct yw_rec *after)
{
	const struct yw_rec *any = after ? after : before;
	const struct yw_entity *e = any->ent;
	struct yw_buf b = {0};
	yw_buf_adds(&b, "{");
	bool first = true;
	for (int i = 0; i < e->nfields; i++) {
		const struct yw_field *f = &e->fields[i];
		bool hidden = f->flags & (YW_FF_WRITEONLY | YW_FF_INTERNAL);
		if (before && after) {
			if (hidden) {
				/* Say that a secret changed, never what it is. */
				if (f->flags & YW_FF_WRITEONLY && after->v[i].set && !after->v[i].null) {
					yw_buf_printf(&b, "%s\"%s\":\"(changed)\"", first ? "" : ",", f->name);
					first = false;
				}
				continue;
			}
			if (same(&before->v[i], &after->v[i]))
				continue;
			yw_buf_printf(&b, "%s\"%s\":[", first ? "" : ",", f->name);
			put_value(&b, f, &before->v[i]);
			yw_buf_adds(&b, ",");
			put_value(&b, f, &after->v[i]);
			yw_buf_adds(&b, "]");
		} else {
			if (hidden || !any->v[i].set)
				continue;
			yw_buf_printf(&b, "%s\"%s\":", first ? "" : ",", f->name);
			put_value(&b, f, &any->v[i]);
		}
		first = false;
	}
	yw_buf_adds(&b, "}");
	return yw_buf_steal(&b);
}

/* ---- reading ---- */

struct list_ctx {
	const struct yw_audit_filter *f;
	struct yw_audit_list *out;
};

static int list_tx(struct yw_conn *c, void *arg)
{
	struct list_ctx *lc = arg;
	yw_audit_list_free(lc->out);
	return yw_astore_list(c, lc->f, lc->out);
}

int yw_audit_list(struct yw_store *s, const struct yw_audit_filter *f, struct yw_audit_list *out)
{
	memset(out, 0, sizeof *out);
	struct list_ctx lc = {f, out};
	return yw_store_tx(s, YW_TX_READ, list_tx, &lc);
}

void yw_audit_list_free(struct yw_audit_list *l)
{
	for (int i = 0; i < l->n; i++)
		yw_audit_row_clear(&l->rows[i]);
	free(l->rows);
	memset(l, 0, sizeof *l);
}

struct verify_ctx {
	char prev[65];
	int64_t expect_id, checked;
	struct yw_error *err;
	bool broken;
};

static int verify_row(void *arg, const struct yw_audit_row *r)
{
	struct verify_ctx *v = arg;
	char h[65];
	v->checked++;
	if (r->id != v->expect_id) {
		yw_error_set(v->err, YW_E_CONFLICT, "audit",
			     "row %lld is missing (next row found is %lld)", (long long)v->expect_id,
			     (long long)r->id);
	} else if (strcmp(r->prev_hash, v->prev)) {
		yw_error_set(v->err, YW_E_CONFLICT, "audit",
			     "row %lld does not follow row %lld (previous row changed or removed)",
			     (long long)r->id, (long long)r->id - 1);
	} else {
		row_hash(r, h);
		if (!strcmp(h, r->hash)) {
			snprintf(v->prev, sizeof v->prev, "%s", r->hash);
			v->expect_id++;
			return 0;
		}
		yw_error_set(v->err, YW_E_CONFLICT, "audit", "row %lld was changed after it was written",
			     (long long)r->id);
	}
	v->broken = true;
	return 1;
}

struct verify_tx_ctx {
	struct verify_ctx v;
	int64_t head_id;
	char head_hash[65];
};

static int verify_tx(struct yw_conn *c, void *arg)
{
	struct verify_tx_ctx *t = arg;
	struct yw_error *err = t->v.err;
	memset(&t->v, 0, sizeof t->v);
	t->v.err = err;
	memset(t->v.prev, '0', 64);
	t->v.expect_id = 1;
	/* Read the head in the same snapshot as the rows. */
	int r = yw_astore_lock_head(c, &t->head_id, t->head_hash);
	if (r != YW_OK)
		return r;
	return yw_astore_walk(c, verify_row, &t->v);
}

int yw_audit_verify(struct yw_store *s, int64_t *checked, struct yw_error *err)
{
	struct verify_tx_ctx t = {.v.err = err};
	/* A write tx so the head lock gives a consistent view on both engines. */
	int r = yw_store_tx(s, YW_TX_WRITE, verify_tx, &t);
	if (checked)
		*checked = t.v.checked;
	if (r != YW_OK) {
		yw_error_set(err, YW_E_STORE, "audit", "cannot read the audit log");
		return r;
	}
	if (t.v.broken)
		return YW_FAIL;
	if (t.v.expect_id - 1 != t.head_id || strcmp(t.v.prev, t.head_hash)) {
		yw_error_set(err, YW_E_CONFLICT, "audit",
			     "the log ends at row %lld but the chain head says %lld (rows removed at the end)",
			     (long long)(t.v.expect_id - 1), (long long)t.head_id);
		return YW_FAIL;
	}
	return YW_OK;
}
