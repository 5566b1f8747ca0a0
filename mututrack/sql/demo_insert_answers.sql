-- One demo wave's numeric answers: demo_frame holds (respondent_id, q, value), demo_codes the question
-- code of each q. No import id: they belong to the demo through their respondent (migration 006).
insert into answers by name
select respondent_id, question_id, value
from demo_frame
inner join demo_codes using (q)
inner join question_ids using (code)
