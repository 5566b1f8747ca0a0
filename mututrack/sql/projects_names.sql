-- Every project's id and name.
select project_id, name from projects order by project_id
