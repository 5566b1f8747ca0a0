-- What each wave publishes for each group of its atoms (group_atoms: wave, grp, atom) and measure:
-- how many gave each value and class. An atom's answers to a measure it withholds (too few
-- answered, or all alike: publication_residuals) count only in a group that holds every atom the
-- measure withholds, and only when those are published together (group_pools: wave, grp, measure).
with hist as (
    select wave, atom, measure, value, klass, n
    from publication_histograms
    where wave in (select distinct wave from group_atoms)
      and ($measures is null or list_contains($measures::varchar[], measure))
),

withheld as (
    select wave, measure, atom from publication_residuals
),

direct as (
    select g.grp, h.measure, h.value, h.klass, h.n
    from hist as h
    inner join group_atoms as g on g.wave = h.wave and g.atom = h.atom
    anti join withheld as w on w.wave = h.wave and w.measure = h.measure and w.atom = h.atom
),

pooled as (
    select p.grp, h.measure, h.value, h.klass, h.n
    from hist as h
    inner join withheld as w on w.wave = h.wave and w.measure = h.measure and w.atom = h.atom
    inner join group_pools as p on p.wave = h.wave and p.measure = h.measure
),

final as (
    select grp, measure, value, klass, sum(n)::bigint as n
    from (select * from direct union all select * from pooled)
    group by grp, measure, value, klass
)

select * from final
order by grp, measure, value, klass
