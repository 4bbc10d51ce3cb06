-- roles.sql - the roles and the database of an etest run store on PostgreSQL (docs/store.md).
-- Run once as a superuser (psql -f roles.sql), then give each role its password with
-- psql's \password (never on a command line); the clients keep it in ~/.pgpass.
CREATE ROLE etest LOGIN;           -- 'etest db add' and 'etest report --show-commands': owns the tables
CREATE ROLE etest_reader LOGIN;    -- 'etest report' and dashboards: the views, no command lines
CREATE DATABASE energy OWNER etest;
REVOKE ALL ON DATABASE energy FROM PUBLIC;
GRANT CONNECT ON DATABASE energy TO etest_reader;
