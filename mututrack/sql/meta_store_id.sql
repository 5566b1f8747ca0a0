-- The store's random id (migration 009), which names its key file.
select value from meta where key = 'store_id'
