-- The members of the demo projects that some entities stay out of:
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into project_entities by name
select
    project_id, entity_id,
    $import_id as import_id
from demo_frame
