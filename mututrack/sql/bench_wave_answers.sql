-- Every answer of a wave, one row per answer (the benchmark spreads them into one column per question).
select a.respondent_id, a.question_id, a.value
from answers a
join respondents r using (respondent_id)
where r.wave = $wave
