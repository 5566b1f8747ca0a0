-- Every survey wave, oldest first: those declared in the waves table and those only seen in answers.
with declared as (
    select wave, opened_at, closed_at from waves
),

answered as (
    select wave, min(submitted_at)::date as first_answer, max(submitted_at)::date as last_answer
    from respondents
    group by wave
),

final as (
    select
        coalesce(d.wave, a.wave) as wave,
        d.opened_at,
        d.closed_at,
        coalesce(d.closed_at, a.last_answer, d.opened_at) as reference_date
    from declared as d
    full outer join answered as a on a.wave = d.wave
)

select * from final
order by reference_date nulls last, wave
