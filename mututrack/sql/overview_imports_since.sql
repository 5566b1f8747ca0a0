-- How many imports were made since $since (the overview's activity line).
select count(*) from imports where status = 'imported' and imported_at >= $since
