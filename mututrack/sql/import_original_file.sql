-- The bytes of one accepted file, as uploaded, and its name.
with imports as (select import_id, file_name from main.imports),
files as (select import_id, content from main.import_files),
final as (
    select imports.file_name, files.content
    from imports join files using (import_id)
    where imports.import_id = $import_id
)
select * from final
