-- A random id per store, which names its key file outside the data folder (mututrack/keys.py).
-- A byte copy of the file (a backup) keeps the id, and so finds the same key.
insert into meta
select 'store_id', replace(cast(gen_random_uuid() as varchar), '-', '')
where not exists (select 1 from meta where key = 'store_id');
