-- Consultation events already in the store, with their import;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
events as (select event_id, import_id from main.events as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select event_id, import_id from events)
select * from final
