-- The withheld (measure, atom) pairs of the waves $waves that are published pooled.
select wave, measure, atom
from publication_residuals
where pooled and list_contains($waves::varchar[], wave)
