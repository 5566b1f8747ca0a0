"""The "Propositions des agents" page's waiting list: what to answer, who must answer it, and (for HR
and the directors, outside presentation mode) what each proposal says."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mututrack import auth, exports
from mututrack.i18n import fmt_date, literal, t
from mututrack.ui.access import log_action, role
from mututrack.ui.data import view
from mututrack.ui.display import is_presenting

__all__ = ["SHORT_TEXT", "texts", "short", "by_owner", "shown", "exported", "waiting_list"]

SHORT_TEXT = 160  # characters of a proposal's text in the table; the whole text in its detail
ALL, UNASSIGNED = "__all__", "__none__"


def texts(waiting: pd.DataFrame) -> pd.Series | None:
    """Each waiting proposal's text (indexed like ``waiting``, empty when it has none), or None when
    the current user may not read them (the council, presentation mode)."""
    if not auth.may_read_text(role(), "proposals") or is_presenting():
        return None
    said = view("proposal_texts")["texts"].set_index("proposal_id")["text"]
    return waiting["proposal_id"].map(said).astype("object").fillna("")


def short(text: str, limit: int = SHORT_TEXT) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis."""
    line = " ".join(str(text).split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] if " " in line[: limit - 1] else line[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def by_owner(waiting: pd.DataFrame) -> pd.DataFrame:
    """The rows of the owner chosen in the "Responsable" box (offered when some proposal has one)."""
    owners = sorted(waiting["owner"].dropna().unique())
    if not owners:
        return waiting
    options = [ALL, *owners] + ([UNASSIGNED] if waiting["owner"].isna().any() else [])
    labels = {ALL: t("proposals.owner.all"), UNASSIGNED: t("proposals.owner.none")}
    chosen = st.selectbox(t("proposals.owner.filter"), options, key="proposals_owner",
                          format_func=lambda o: labels.get(o, o))
    if chosen == ALL:
        return waiting
    return waiting[waiting["owner"].isna() if chosen == UNASSIGNED else waiting["owner"].eq(chosen)]


def shown(waiting: pd.DataFrame, said: pd.Series | None, *, limit: int | None = SHORT_TEXT) -> pd.DataFrame:
    """The list as the table shows it (and the export, with ``limit=None``: whole texts): the late
    flag, age, theme, text (when ``said``), owner, date and status, in the user's language."""
    late = t("proposals.late")
    out = pd.DataFrame({
        "proposal_id": waiting["proposal_id"],
        "late": [late if flag else "" for flag in waiting["late"]],
        "days_open": waiting["days_open"],
        "theme": waiting["theme"],
    })
    if said is not None:
        out["text"] = said.loc[waiting.index].map(lambda s: short(s, limit) if limit else s)
    return out.assign(owner=waiting["owner_label"], date=waiting["date"].map(fmt_date),
                      status_label=waiting["status_label"]).reset_index(drop=True)


def exported(waiting: pd.DataFrame, said: pd.Series | None) -> bytes:
    """The waiting list as a CSV file for those in charge of answering (French Excel, formulas
    neutralised), with each whole text when the user may read them."""
    frame = shown(waiting, said, limit=None)
    return exports.safe_csv(frame.rename(columns=lambda name: t(f"proposals.col.{name}")))


def waiting_list(waiting: pd.DataFrame) -> pd.Series | None:
    """The filter by owner, the table (the late ones flagged), the CSV export and, for HR and the
    directors, one proposal's whole text; the row chosen there (None for the council)."""
    said = texts(waiting)
    chosen = by_owner(waiting)
    columns = {name: t(f"proposals.col.{name}") for name in ("proposal_id", "late", "days_open", "theme",
                                                            "owner", "date", "status_label")}
    st.dataframe(shown(chosen, said), hide_index=True, row_height=56, column_config={
        **columns, "text": st.column_config.TextColumn(t("proposals.col.text"), width="large",
                                                       help=t("proposals.col.text_help"))})
    file_name = t("proposals.export.file_name")
    st.download_button(t("proposals.export"), exported(chosen, said), file_name=file_name, mime="text/csv",
                       icon=":material/download:", on_click=log_action, args=("export", file_name))
    if said is None or chosen.empty:
        return None
    return _detail(chosen, said)


def _detail(chosen: pd.DataFrame, said: pd.Series) -> pd.Series:
    """One proposal's whole text, chosen among the rows shown; that row."""
    picked = st.selectbox(t("proposals.detail.choice"), chosen.index.tolist(), key="proposal_action",
                          format_func=lambda i: f"{chosen.at[i, 'proposal_id']} · {chosen.at[i, 'theme']}")
    row = chosen.loc[picked]
    with st.container(border=True):
        st.caption(t("proposals.detail.meta", owner=literal(row["owner_label"]), date=fmt_date(row["date"]),
                     count=int(row["days_open"])))
        st.markdown(literal(said.at[picked]) if said.at[picked] else t("proposals.detail.no_text"))
    return row
