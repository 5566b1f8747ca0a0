-- Every audited action, newest first: when, who, with which role, what, and its detail.
with audit as (
    select audit_id, done_at, user_name, role, action, detail
    from audit_log
),

final as (
    select done_at, user_name, role, action, detail
    from audit
    order by done_at desc, audit_id desc
)

select * from final
