-- Keep one view's data for a selection and language (views/stored.py).
insert or replace into view_results
values ($view, $filters, $lang, $day, $data_version, $code, $payload, $computed_seconds)
