#!/usr/bin/env python3
"""rewind_schema.py - print the SQL that takes a store of the current schema back to an
older version, undoing what each later migration added (the tables, views and columns
named in estimator/store/store_sql.h, et_store.h and et_run.h), so tests can build the stores an
older etest wrote and check their migration.

usage: rewind_schema.py SRC VERSION sqlite|postgresql
"""
import re
import sys


def x_names(text, macro):
    """Names of an X-macro list: the first argument of each X(...) of #define macro(X)."""
    m = re.search(r"#define %s\(X\)((?:.*\\\n)*.*\n)" % re.escape(macro), text)
    if not m:
        sys.exit("rewind_schema.py: no list %s" % macro)
    return re.findall(r"X\((\w+)", m.group(1))


def main():
    src, version, dialect = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    run_h = open(src + "/estimator/include/et_run.h").read()
    sql_h = open(src + "/estimator/store/store_sql.h").read()
    store_h = open(src + "/estimator/include/et_store.h").read()
    pg = dialect == "postgresql"
    out = []

    def drop_columns(table, columns):
        if pg:
            out.append("ALTER TABLE %s %s;" % (table, ", ".join("DROP COLUMN " + c for c in columns)))
        else:
            out.extend("ALTER TABLE %s DROP COLUMN %s;" % (table, c) for c in columns)

    # A stand-in runs_public of the older version (its columns do not matter to etest;
    # the migration replaces it).
    out.append("DROP VIEW runs_public;")
    # 4 -> 3: log format 1.2's integrals and facts
    scalar = x_names(run_h, "ET_INTEGRAL_FIELDS_1_2")
    gpu = x_names(run_h, "ET_GPU_INTEGRAL_FIELDS_1_2")
    drop_columns("runs", ["total_" + n for n in scalar] + x_names(sql_h, "ET_STORE_RUN_FACTS_4"))
    drop_columns("run_gpus", ["total_" + n for n in gpu])
    drop_columns("buckets", scalar)
    drop_columns("gpu_buckets", gpu)
    if version <= 2:   # 3 -> 2: SLURM accounting
        out.append("DROP TABLE sacct_jobs;")
        if not pg:
            out.append("DROP INDEX runs_by_slurm_job; DROP INDEX runs_by_slurm_array;")
        drop_columns("runs", ["slurm_" + k for k in x_names(store_h, "ET_STORE_SLURM_KEYS")])
    if version <= 1:   # 2 -> 1: the views
        out.append("DROP VIEW usage_daily; DROP VIEW usage_quarter_hours;")
    else:
        out.append("CREATE VIEW runs_public AS SELECT id, host, pid FROM runs;")
    out.append("UPDATE etest_schema SET version = %d;" % version if pg else "PRAGMA user_version = %d;" % version)
    print("\n".join(out))


main()
