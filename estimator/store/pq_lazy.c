/* pq_lazy.c - the libpq functions store_pg.c calls, loading libpq with dlopen at the first
 * connection, so that etest starts without libpq and its TLS, Kerberos and LDAP libraries
 * (3 ms of CPU time and 5.7 MiB of memory at every start) unless --db names PostgreSQL.
 *
 * No state outside what the caller holds: the connection handed to store_pg.c is a
 * struct lazy_conn (the real PGconn and the resolved functions), each result a struct
 * lazy_result pointing at its connection's functions; store_pg.c only passes them back. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#define PQ_SONAME "libpq.so.5"

/* libpq's own functions, resolved from the library. */
struct pq_api {
	void *lib;
	PGconn *(*connectdb_params)(const char *const *, const char *const *, int);
	ConnStatusType (*status)(const PGconn *);
	char *(*error_message)(const PGconn *);
	void (*reset)(PGconn *);
	void (*finish)(PGconn *);
	PGresult *(*exec)(PGconn *, const char *);
	PGresult *(*prepare)(PGconn *, const char *, const char *, int, const Oid *);
	PGresult *(*exec_prepared)(PGconn *, const char *, int, const char *const *, const int *,
				   const int *, int);
	PGresult *(*exec_params)(PGconn *, const char *, int, const Oid *, const char *const *,
				 const int *, const int *, int);
	ExecStatusType (*result_status)(const PGresult *);
	char *(*result_error_message)(const PGresult *);
	char *(*result_error_field)(const PGresult *, int);
	int (*ntuples)(const PGresult *);
	char *(*getvalue)(const PGresult *, int, int);
	int (*getisnull)(const PGresult *, int, int);
	void (*clear)(PGresult *);
};

struct lazy_conn {
	struct pq_api api;
	PGconn *real;
};

struct lazy_result {
	const struct pq_api *api;
	PGresult *real;
};

/* One symbol into *slot (a function pointer's storage). Returns 0 or -1. */
static int resolve(void *lib, const char *name, void *slot)
{
	void *sym = dlsym(lib, name);

	if (!sym) {
		fprintf(stderr, "etest: no function %s in %s: %s\n", name, PQ_SONAME, dlerror());
		return -1;
	}
	memcpy(slot, &sym, sizeof(sym));   /* POSIX: a data pointer converts to a function's */
	return 0;
}

static int load_api(struct pq_api *a)
{
	const char *why;

	/* NODELETE: dlclose leaves it mapped. Its TLS and Kerberos libraries keep exit
	 * handlers and thread data that would point into unmapped code (a crash at exit,
	 * seen under LeakSanitizer with four concurrent adds). */
	a->lib = dlopen(PQ_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!a->lib) {
		why = dlerror();
		fprintf(stderr, "etest: cannot load %s, PostgreSQL's client library, which a "
			"postgresql:// store needs (Debian: apt-get install libpq5): %s\n", PQ_SONAME,
			why ? why : "");
		return -1;
	}
	if (resolve(a->lib, "PQconnectdbParams", &a->connectdb_params) < 0 ||
	    resolve(a->lib, "PQstatus", &a->status) < 0 ||
	    resolve(a->lib, "PQerrorMessage", &a->error_message) < 0 ||
	    resolve(a->lib, "PQreset", &a->reset) < 0 ||
	    resolve(a->lib, "PQfinish", &a->finish) < 0 ||
	    resolve(a->lib, "PQexec", &a->exec) < 0 ||
	    resolve(a->lib, "PQprepare", &a->prepare) < 0 ||
	    resolve(a->lib, "PQexecPrepared", &a->exec_prepared) < 0 ||
	    resolve(a->lib, "PQexecParams", &a->exec_params) < 0 ||
	    resolve(a->lib, "PQresultStatus", &a->result_status) < 0 ||
	    resolve(a->lib, "PQresultErrorMessage", &a->result_error_message) < 0 ||
	    resolve(a->lib, "PQresultErrorField", &a->result_error_field) < 0 ||
	    resolve(a->lib, "PQntuples", &a->ntuples) < 0 ||
	    resolve(a->lib, "PQgetvalue", &a->getvalue) < 0 ||
	    resolve(a->lib, "PQgetisnull", &a->getisnull) < 0 ||
	    resolve(a->lib, "PQclear", &a->clear) < 0) {
		dlclose(a->lib);
		return -1;
	}
	return 0;
}

static struct lazy_conn *lazy(const PGconn *conn)
{
	return (struct lazy_conn *)conn;
}

static const struct lazy_result *lazy_res(const PGresult *res)
{
	return (const struct lazy_result *)res;
}

/* A result of conn's library wrapped for store_pg.c; NULL as libpq gives NULL (out of
 * memory), and the real result cleared when no wrapper can be made. */
static PGresult *wrap(const struct lazy_conn *c, PGresult *real)
{
	struct lazy_result *r;

	if (!real)
		return NULL;
	if (!(r = malloc(sizeof(*r)))) {
		c->api.clear(real);
		return NULL;
	}
	r->api = &c->api;
	r->real = real;
	return (PGresult *)r;
}

/* NULL when libpq cannot be loaded (said on stderr) or out of memory, like libpq's own. */
PGconn *PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname)
{
	struct lazy_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (load_api(&c->api) < 0) {
		free(c);
		return NULL;
	}
	if (!(c->real = c->api.connectdb_params(keywords, values, expand_dbname))) {
		dlclose(c->api.lib);
		free(c);
		return NULL;
	}
	return (PGconn *)c;
}

ConnStatusType PQstatus(const PGconn *conn)
{
	return conn ? lazy(conn)->api.status(lazy(conn)->real) : CONNECTION_BAD;
}

char *PQerrorMessage(const PGconn *conn)
{
	static char no_connection[] = "no connection\n";

	return conn ? lazy(conn)->api.error_message(lazy(conn)->real) : no_connection;
}

void PQreset(PGconn *conn)
{
	if (conn)
		lazy(conn)->api.reset(lazy(conn)->real);
}

void PQfinish(PGconn *conn)
{
	struct lazy_conn *c = lazy(conn);

	if (!c)
		return;
	c->api.finish(c->real);
	dlclose(c->api.lib);
	free(c);
}

PGresult *PQexec(PGconn *conn, const char *query)
{
	return conn ? wrap(lazy(conn), lazy(conn)->api.exec(lazy(conn)->real, query)) : NULL;
}

PGresult *PQprepare(PGconn *conn, const char *stmt_name, const char *query, int n_params,
		    const Oid *param_types)
{
	return conn ? wrap(lazy(conn), lazy(conn)->api.prepare(lazy(conn)->real, stmt_name, query,
							       n_params, param_types))
		    : NULL;
}

PGresult *PQexecPrepared(PGconn *conn, const char *stmt_name, int n_params,
			 const char *const *param_values, const int *param_lengths,
			 const int *param_formats, int result_format)
{
	return conn ? wrap(lazy(conn), lazy(conn)->api.exec_prepared(lazy(conn)->real, stmt_name,
								     n_params, param_values,
								     param_lengths, param_formats,
								     result_format))
		    : NULL;
}

PGresult *PQexecParams(PGconn *conn, const char *command, int n_params, const Oid *param_types,
		       const char *const *param_values, const int *param_lengths,
		       const int *param_formats, int result_format)
{
	return conn ? wrap(lazy(conn), lazy(conn)->api.exec_params(lazy(conn)->real, command,
								   n_params, param_types,
								   param_values, param_lengths,
								   param_formats, result_format))
		    : NULL;
}

/* The result functions answer for NULL as libpq does. */
ExecStatusType PQresultStatus(const PGresult *res)
{
	return res ? lazy_res(res)->api->result_status(lazy_res(res)->real) : PGRES_FATAL_ERROR;
}

char *PQresultErrorMessage(const PGresult *res)
{
	static char none[] = "";

	return res ? lazy_res(res)->api->result_error_message(lazy_res(res)->real) : none;
}

char *PQresultErrorField(const PGresult *res, int fieldcode)
{
	return res ? lazy_res(res)->api->result_error_field(lazy_res(res)->real, fieldcode) : NULL;
}

int PQntuples(const PGresult *res)
{
	return res ? lazy_res(res)->api->ntuples(lazy_res(res)->real) : 0;
}

char *PQgetvalue(const PGresult *res, int tup_num, int field_num)
{
	return res ? lazy_res(res)->api->getvalue(lazy_res(res)->real, tup_num, field_num) : NULL;
}

int PQgetisnull(const PGresult *res, int tup_num, int field_num)
{
	return res ? lazy_res(res)->api->getisnull(lazy_res(res)->real, tup_num, field_num) : 1;
}

void PQclear(PGresult *res)
{
	if (!res)
		return;
	lazy_res(res)->api->clear(lazy_res(res)->real);
	free(res);
}
