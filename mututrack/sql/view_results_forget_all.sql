-- Forget every page's kept view (views/stored.py: forget): the benchmark times them computed, then
-- prepared; tests start from a store where no page was kept.
delete from view_results
