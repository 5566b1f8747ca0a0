-- One demo wave's free-text comments:
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into comments by name
select
    respondent_id, 'comment' as question_code, text,
    $import_id as import_id
from demo_frame
