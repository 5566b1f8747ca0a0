-- The comments released for the waves $waves (HR only, publication/comments.py): each comment's
-- text with the comment atom its writer stands in and what the atom's members all share, for the
-- atoms still holding $least commenters with a comment (an undone import's comments are gone at
-- once, and an atom it left under $least with them). In an order that says nothing about who
-- wrote when: by a hash of the text.
with written as (
    select m.wave, m.atom, m.respondent_id, trim(c.text) as text
    from publication_comment_members as m
    inner join comments as c on c.respondent_id = m.respondent_id
    where list_contains($waves::varchar[], m.wave) and trim(c.text) <> ''
),

large as (
    select wave, atom
    from written
    group by wave, atom
    having count(distinct respondent_id) >= $least
)

select w.wave, w.atom, w.text, a.entity_id, a.category, a.service, a.projects
from written as w
inner join large as l on l.wave = w.wave and l.atom = w.atom
inner join publication_comment_atoms as a on a.wave = w.wave and a.atom = w.atom
order by w.wave, md5(w.text), w.atom
