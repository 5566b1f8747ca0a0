-- Draws $n respondent ids from the store's sequence (so that later imports never collide with the
-- demo's) and returns the last one drawn.
select max(nextval('respondent_id_seq')) as last_id
from range($n)
