"""Journal d'audit (HR only): who imported, undid, exported or changed a setting, and when."""

import pandas as pd
import streamlit as st

from mututrack import audit, auth, exports, ui
from mututrack.i18n import fmt_datetime, t

ui.require_role("hr")
ui.page_header(t("audit.title"), t("audit.caption"), filtered=False)

# Read on every run, not through the cached views: a download is logged without a new data version.
entries = audit.history(ui.store())
if entries.empty:
    st.info(t("audit.empty"))
    st.stop()

shown = pd.DataFrame(
    {
        t("audit.col.done_at"): entries["done_at"].map(fmt_datetime),
        t("audit.col.user"): entries["user_name"],
        t("audit.col.role"): entries["role"].map(
            lambda role: t(f"auth.role.{role}") if role in auth.ROLES else "—"
        ),
        t("audit.col.action"): entries["action"].map(lambda action: t(f"audit.action.{action}")),
        t("audit.col.detail"): entries["detail"],
    }
)
ui.table(shown)
file_name = t("audit.file_name")
st.download_button(
    t("audit.download"),
    exports.safe_csv(shown),
    file_name=file_name,
    mime="text/csv",
    icon=":material/download:",
    on_click=ui.log_action,
    args=("export", file_name),
)
