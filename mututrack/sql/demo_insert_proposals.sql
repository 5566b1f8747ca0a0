-- The demo's proposals, numbered from 1 (ids PROP-00001 on):
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into proposals by name
select
    printf('PROP-%05d', number) as proposal_id,
    date, entity_id, service, theme, status, decision_date, answer,
    $import_id as import_id
from demo_frame
