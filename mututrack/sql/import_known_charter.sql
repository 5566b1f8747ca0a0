-- Charter steps already in the store (project and step), with their import;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
steps as (select project_id, step, import_id from main.charter_steps as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select project_id, step, import_id from steps)
select * from final
