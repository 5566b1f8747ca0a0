-- The rows of one store table (registered as incoming_rows), each stamped with its import id.
-- A template: mututrack/ingest/load.py writes in the table's name, only one of its INSERTABLE
-- tables (never a name read from a file).
insert into main.{table} by name select *, $import_id as import_id from incoming_rows
