-- The id of a new import.
select nextval('import_id_seq')
