-- The demo import's row count, once every table is written.
update imports set rows = $rows where import_id = $import_id
