-- Entities already in the store: their id, name and the import that brought them;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
entities as (select entity_id, name, import_id from main.entities as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select entity_id, name, import_id from entities)
select * from final
