-- Actions already in the store, with their import (null for those created in the app);
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
actions as (
    select action_id, import_id from main.actions as t
    where not exists (select 1 from demo where demo.import_id = t.import_id)
),
final as (select action_id, import_id from actions)
select * from final
