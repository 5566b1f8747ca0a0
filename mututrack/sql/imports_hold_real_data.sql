-- Whether an organisation's own file was ever imported (even if undone since): any import not demo.
select count(*) filter (where status <> 'demo') > 0 from imports
