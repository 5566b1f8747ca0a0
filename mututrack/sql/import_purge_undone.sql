-- Delete the kept original files of every undone import; returns how many went.
delete from main.import_files
where import_id in (select import_id from main.imports where status = 'undone')
