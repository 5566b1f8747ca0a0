-- Consultation events already in the store, with their import.
with events as (select event_id, import_id from main.events),
final as (select event_id, import_id from events)
select * from final
