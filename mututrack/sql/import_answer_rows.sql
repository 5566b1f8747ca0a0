-- How many numeric answers the imports $import_ids brought: answers carry no import id, they belong
-- to their import through their respondent.
select count(*)
from answers
where respondent_id in (
    select respondent_id from respondents where list_contains($import_ids::bigint[], import_id)
)
