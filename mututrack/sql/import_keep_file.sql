-- An accepted file's bytes, sealed (mututrack/ingest/vault.py).
insert into main.import_files values ($import_id, $content)
