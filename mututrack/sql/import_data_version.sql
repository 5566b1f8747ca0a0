-- The store's data version, read inside the import's transaction: rows read beside the file are used
-- only when nothing was written since.
select value from main.meta where key = 'data_version'
