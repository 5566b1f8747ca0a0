-- The published atoms of the waves $waves.
select * from publication_atoms where list_contains($waves::varchar[], wave) order by wave, atom
