-- Projects already in the store, with the import that brought each.
with projects as (select project_id, import_id from main.projects),
final as (select project_id, import_id from projects)
select * from final
