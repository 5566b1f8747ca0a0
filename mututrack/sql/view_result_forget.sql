-- Forget what was kept for other data, another day or another program (views/stored.py).
delete from view_results where data_version <> $data_version or day <> $day or code <> $code
