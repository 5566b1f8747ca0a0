-- Every real import, newest first: what, from which file, how many rows, who, when, status.
with imports as (
    select import_id, kind, file_name, rows, wave, source_format, imported_by, imported_at,
           status, undone_at, undone_by, warnings
    from main.imports
),
final as (select * from imports where status <> 'demo' order by import_id desc)
select * from final
