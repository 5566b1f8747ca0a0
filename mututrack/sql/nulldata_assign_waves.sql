-- Move each respondent to the wave the registered frame null_assignment gives it.
update respondents set wave = n.wave
from null_assignment as n
where respondents.respondent_id = n.respondent_id
