-- Every question of the catalogue (standard and imported), in catalogue order within each dimension.
select code, text_fr, text_en, dimension, scale, reverse
from questions
order by case dimension
    when 'who5' then 0 when 'involvement' then 1 when 'change' then 2
    when 'working_conditions' then 3 when 'careers' then 4 when 'overall' then 5 else 6
end, import_id nulls first, rowid
