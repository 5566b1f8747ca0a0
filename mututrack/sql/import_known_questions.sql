-- Every question the store knows (standard catalogue: import_id null; imported custom items).
with questions as (select code, text_fr, text_en, dimension, scale, reverse, import_id from main.questions),
final as (select * from questions order by import_id nulls first, code)
select * from final
