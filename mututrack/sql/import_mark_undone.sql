-- An import undone: the history keeps its record, marked undone, with who and when.
update main.imports set status = 'undone', undone_at = current_timestamp, undone_by = $user
where import_id = $import_id
