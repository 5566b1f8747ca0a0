-- Hand mappings of survey columns remembered for one source tool.
with mappings as (select source, header, question_code from main.column_mappings),
final as (select header, question_code from mappings where source = $source)
select * from final
