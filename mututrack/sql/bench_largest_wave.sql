-- The wave with the most respondents (the benchmark's responses file is that wave).
select wave
from respondents
group by wave
order by count(*) desc, wave
limit 1
