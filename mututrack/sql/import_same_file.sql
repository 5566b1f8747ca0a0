-- A live import of the same kind with byte-identical content (sha256), if any.
with imports as (select import_id, kind, sha256, rows, wave, status from main.imports),
final as (
    select import_id, rows, wave from imports
    where sha256 = $sha256 and kind = $kind and status = 'imported'
    order by import_id
    limit 1
)
select * from final
