-- Entities already in the store: their id, name and the import that brought them.
with entities as (select entity_id, name, import_id from main.entities),
final as (select entity_id, name, import_id from entities)
select * from final
