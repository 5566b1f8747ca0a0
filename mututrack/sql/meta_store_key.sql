-- The store's key, wrapped with the installation secret (no row before the first one).
select value from meta where key = 'store_key'
