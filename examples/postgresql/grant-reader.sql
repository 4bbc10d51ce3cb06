-- grant-reader.sql - what the read-only role may read (docs/store.md). Run as etest on the
-- database after the first 'etest db add' has created the tables:
--   psql postgresql://etest@dbhost/energy -f grant-reader.sql
-- Not granted: runs (its command, header and scheduler columns hold command lines and job
-- names) and sources (paths); runs_public is runs without those three columns.
GRANT SELECT ON etest_schema, runs_public, run_gpus, buckets, gpu_buckets, warnings,
	usage_quarter_hours, usage_daily, sacct_jobs TO etest_reader;
