-- One demo wave's respondents, their ids drawn from respondent_id_seq:
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into respondents by name
select
    respondent_id, wave, respondent_key, entity_id, service, category, submitted_at,
    $import_id as import_id
from demo_frame
