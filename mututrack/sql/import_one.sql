-- One import's record.
with imports as (select import_id, kind, file_name, rows, wave, status from main.imports),
final as (select * from imports where import_id = $import_id)
select * from final
