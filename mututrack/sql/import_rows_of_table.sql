-- How many rows of one store table the imports $import_ids brought. A template: the table's name is
-- written in by queries.table_sql, only from the caller's list (ingest.statements.rows_of).
select count(*) from main.{table} where list_contains($import_ids::bigint[], import_id)
