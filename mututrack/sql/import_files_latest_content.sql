-- The sealed content of the most recent original file kept.
select content from import_files order by import_id desc limit 1
