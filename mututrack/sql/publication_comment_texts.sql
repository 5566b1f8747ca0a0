-- The free-text comments of wave $wave with the respondent who wrote them (joined to the
-- respondents' dimensions by the publication layer, then dropped: no id leaves the view).
select c.respondent_id, trim(c.text) as text
from comments as c
inner join respondents as r on r.respondent_id = c.respondent_id
where r.wave = $wave and trim(c.text) <> ''
order by md5(trim(c.text))
