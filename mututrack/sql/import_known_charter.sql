-- Charter steps already in the store (project and step), with their import.
with steps as (select project_id, step, import_id from main.charter_steps),
final as (select project_id, step, import_id from steps)
select * from final
