-- Who answers a survey and in which group: one definition for every survey query (qvt_*.sql),
-- instead of a copy in each. Created again each time the store opens (store_schema.py): changing
-- a definition is an edit of this file, never a migration.

-- survey_respondents(project, waves): the respondents of the waves `waves` (every wave when null)
-- in the scope of project `project` (everyone when null): the project's services, and its entities
-- when it lists any (DOMAIN.md "In scope of project P", applied to what respondents declared).
-- An empty entity or category becomes the group '' so that groups add up to their total.
create or replace macro survey_respondents(project, waves) as table
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
                  or entity_id in (
                      select pe.entity_id from project_entities as pe where pe.project_id = project
                  )
              )
          )
      );

-- respondents_by(breakdown): every respondent with its wave and its group for `breakdown`
-- ('entity', 'category', 'service'; anything else puts everyone in one group). A group column
-- left empty in the file is the group '', so that groups add up to the wave.
create or replace macro respondents_by(breakdown) as table
    select
        respondent_id,
        wave,
        coalesce(case breakdown
            when 'entity' then entity_id
            when 'category' then category
            when 'service' then service
        end, '') as grp
    from respondents;
