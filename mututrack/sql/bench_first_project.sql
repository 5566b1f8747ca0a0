-- The first project in name order: the selection the benchmark opens after the defaults are prepared.
select project_id from projects order by project_id limit 1
