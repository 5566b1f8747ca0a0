-- The rows of one store table (registered as incoming_rows), each stamped with its import id.
-- {table} is filled in by mututrack/ingest/load.py from its list of tables (INSERTABLE), never from
-- a file; the test tests/test_ingest_structure.py plans this statement for each of them.
insert into main.{table} by name select *, $import_id as import_id from incoming_rows
