-- The one imports row the demo territory is written under: status 'demo', so that the first real
-- import removes it (Store.clear_demo).
insert into imports (import_id, kind, file_name, source_format, imported_by, status)
values ($import_id, 'demo', $file_name, 'demo', 'mututrack demo', 'demo')
