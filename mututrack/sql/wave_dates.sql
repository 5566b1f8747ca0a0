-- Every wave with the dates it opened and closed.
select wave, opened_at, closed_at from waves
