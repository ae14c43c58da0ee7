/* Migrations compiled into the binary (see scripts/embed-migrations.cmake). */
#ifndef YW_STORE_MIGRATIONS_H
#define YW_STORE_MIGRATIONS_H
struct yw_migration {
	const char *name; /* "0001_init.sql": the leading number is the version */
	const char *sql;
};
extern const struct yw_migration yw_migrations_sqlite[];
extern const struct yw_migration yw_migrations_pg[];
#endif
