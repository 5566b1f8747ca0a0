-- The questions on a numeric scale, by code: the columns of the benchmark's responses file.
select code, question_id
from questions
where scale in ('who5', 'likert5', 'nps11')
order by code
