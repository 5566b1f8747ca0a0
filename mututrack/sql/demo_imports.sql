-- The ids of the demo's imports, as one list (empty when the store holds no demo).
select coalesce(list(import_id order by import_id), []) from imports where status = 'demo'
