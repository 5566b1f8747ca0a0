-- Per wave of $waves with a stored publication: its k and the measures it publishes.
select s.wave, s.k, list(distinct h.measure order by h.measure) as measures
from publication_state as s
left join publication_histograms as h on h.wave = s.wave
where list_contains($waves::varchar[], s.wave)
group by s.wave, s.k
