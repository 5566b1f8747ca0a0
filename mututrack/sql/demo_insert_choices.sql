-- One demo wave's perceived objectives:
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into choices by name
select
    respondent_id, 'objective_perceived' as question_code, choice,
    $import_id as import_id
from demo_frame
