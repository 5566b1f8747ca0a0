-- How many answers to waves still open on $today were submitted since $since.
select count(*)
from respondents as r
inner join waves as w using (wave)
where r.submitted_at >= $since and w.closed_at >= $today
