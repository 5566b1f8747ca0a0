-- The record of an accepted file (the history's row); its warnings as the CLI prints them.
insert into main.imports (import_id, kind, file_name, sha256, rows, wave, source_format, imported_by, warnings)
values ($import_id, $kind, $file_name, $sha256, $rows, $wave, $source_format, $user, $warnings)
