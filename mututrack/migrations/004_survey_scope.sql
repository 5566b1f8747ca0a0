-- survey_respondents(project, waves): the respondents of the waves `waves` (every wave when null)
-- in the scope of project `project` (everyone when null): the project's services, and its entities
-- when it lists any (DOMAIN.md "In scope of project P", applied to what respondents declared).
-- An empty entity or category becomes the group '' so that groups add up to their total.
-- One definition for every survey query (qvt_*.sql), instead of a copy in each.
create macro survey_respondents(project, waves) as table
    select
        respondent_id,
        wave,
        coalesce(entity_id, '') as entity_id,
        coalesce(category, '') as category,
        service
    from respondents
    where (waves is null or list_contains(waves, wave))
      and (
          project is null
          or (
              service in (select ps.service from project_services as ps where ps.project_id = project)
              and (
                  not exists (select 1 from project_entities as pe where pe.project_id = project)
                  or entity_id in (select pe.entity_id from project_entities as pe where pe.project_id = project)
              )
          )
      );
