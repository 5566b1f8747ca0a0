-- The kept data of one view for a selection and language, when computed from the current data, for
-- the same day and by the same program (views/stored.py).
select payload
from view_results
where view = $view and filters = $filters and lang = $lang
  and day = $day and data_version = $data_version and code = $code
