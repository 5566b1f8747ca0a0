-- Mean of the raw numeric answers (before any reverse-coding) per wave and question, for the
-- whole wave (level 1) and per group of $by (level 0), with the number of answers behind it.
with respondents as (
    select
        respondent_id,
        wave,
        coalesce(case $by::varchar
            when 'entity' then entity_id
            when 'category' then category
            when 'service' then service
        end, '') as grp
    from respondents
),

answers as (
    select respondent_id, question_code, value from answers where value is not null
),

final as (
    select
        r.wave,
        case when grouping(r.grp) = 1 then '' else r.grp end as "group",
        grouping(r.grp) as level,
        a.question_code,
        count(*) as answers,
        avg(a.value) as mean
    from answers as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    group by grouping sets ((r.wave, a.question_code), (r.wave, r.grp, a.question_code))
)

select * from final
order by wave, level desc, "group", question_code
