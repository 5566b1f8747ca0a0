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

per_group as (
    select r.wave, r.grp, a.question_code, count(*) as answers, sum(a.value) as total
    from answers as a
    inner join respondents as r on r.respondent_id = a.respondent_id
    group by r.wave, r.grp, a.question_code
),

-- The whole wave adds up its groups: one pass over the answers instead of two.
final as (
    select wave, grp as "group", 0 as level, question_code, answers, total / answers as mean
    from per_group
    union all
    select wave, '' as "group", 1 as level, question_code, sum(answers)::bigint as answers,
        sum(total) / sum(answers) as mean
    from per_group
    group by wave, question_code
)

select * from final
order by wave, level desc, "group", question_code
