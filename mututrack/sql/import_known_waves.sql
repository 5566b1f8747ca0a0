-- Survey waves already in the store, with the import that created each.
with waves as (select wave, import_id from main.waves),
final as (select wave, import_id from waves)
select * from final
