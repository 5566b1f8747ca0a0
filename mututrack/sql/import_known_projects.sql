-- Projects already in the store, with the import that brought each;
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
projects as (select project_id, import_id from main.projects as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select project_id, import_id from projects)
select * from final
