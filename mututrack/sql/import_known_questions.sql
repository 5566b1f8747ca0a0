-- Every question the store knows (standard catalogue: import_id null; imported custom items);
-- the demo territory's rows excepted: the first real import removes them.
with demo as (select import_id from main.imports where status = 'demo'),
questions as (select code, text_fr, text_en, dimension, scale, reverse, question_id, import_id from main.questions as t where not exists (select 1 from demo where demo.import_id = t.import_id)),
final as (select * from questions order by import_id nulls first, code)
select * from final
