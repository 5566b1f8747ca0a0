-- A hash of everything wave $wave's publication is made from: its respondents (ids and the
-- dimensions they declared), how many answers and choices they gave, who of them commented, the
-- projects' scopes, the questions and the threshold $k. Equal hashes: the stored publication still
-- holds.
select hash(
    (select list((respondent_id, entity_id, category, service) order by respondent_id)
     from respondents where wave = $wave),
    (select count(*) from answers where respondent_id in (select respondent_id from respondents where wave = $wave)),
    (select count(*) from choices where respondent_id in (select respondent_id from respondents where wave = $wave)),
    (select list(c.respondent_id order by c.respondent_id) from (
        select distinct c.respondent_id from comments as c
        inner join respondents as r on r.respondent_id = c.respondent_id
        where r.wave = $wave and trim(c.text) <> ''
    ) as c),
    (select list((project_id, service) order by project_id, service) from project_services),
    (select list((project_id, entity_id) order by project_id, entity_id) from project_entities),
    (select list((code, scale, reverse, dimension, question_id) order by code) from questions),
    $k::integer
) as fingerprint
