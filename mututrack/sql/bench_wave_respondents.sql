-- The respondents of a wave who answered anything, by id, with their columns as the responses
-- template names them (the first columns of the benchmark's responses file).
select
    r.respondent_id,
    r.entity_id as collectivite,
    r.service,
    r.category as categorie,
    strftime(r.submitted_at, '%d/%m/%Y %H:%M') as date_reponse
from respondents r
where r.wave = $wave
  and exists (select 1 from answers a where a.respondent_id = r.respondent_id)
order by r.respondent_id
