-- Keep $v as the store's wrapped key.
insert or replace into meta values ('store_key', $v)
