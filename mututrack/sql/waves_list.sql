-- Every survey wave, latest last, with its respondent count.
with counts as (
    select wave, count(*) as respondents, max(submitted_at) as last_answer
    from respondents
    group by wave
),

final as (
    select
        w.wave,
        w.opened_at,
        w.closed_at,
        w.k_threshold,
        w.published,
        coalesce(c.respondents, 0) as respondents
    from waves as w
    left join counts as c using (wave)
)

select * from final
order by coalesce(closed_at, opened_at), wave
