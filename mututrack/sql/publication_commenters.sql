-- The respondents of wave $wave who wrote a comment (who, never what: the comment atoms are made
-- of who commented, publication/build.py).
select distinct c.respondent_id
from comments as c
inner join respondents as r on r.respondent_id = c.respondent_id
where r.wave = $wave and trim(c.text) <> ''
order by c.respondent_id
