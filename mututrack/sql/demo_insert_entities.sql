-- The demo's entities (mututrack/demo/territory.py):
-- the rows of the frame demo_frame, under the demo import $import_id.
insert into entities by name
select
    entity_id, name, kind, population,
    $import_id as import_id
from demo_frame
