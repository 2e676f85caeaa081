-- migrate: outside a transaction
-- Issue 13.3: reads that span statements run under SNAPSHOT isolation (shared/db/sqlserver.py). Azure SQL Database
-- has it on already; SQL Server (e.g. the CI container) needs it switched on. ALTER DATABASE cannot run inside a
-- transaction, so this file runs outside one (shared/db/migrate.py). Nothing to do on SQLite (0005 there is empty).
EXEC sp_executesql N'ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON';
