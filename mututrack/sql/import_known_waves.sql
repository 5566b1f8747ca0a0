-- Survey waves already in the store, with the import that created each;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
waves as (select wave, import_id from main.waves as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select wave, import_id from waves)
select * from final
