"""The widgets of the "Plans d'action" page: the list with its status changed in place, the form
that creates or edits an action (pre-filled from a link's query parameters), and the deletion
behind a confirmation. Every write goes through :mod:`mututrack.plans`, which audits it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mututrack import plans
from mututrack.i18n import fmt_date, literal, t
from mututrack.ui.access import role, user_name
from mututrack.ui.confirm import ask_first, confirmation, keep_feedback
from mututrack.ui.data import store
from mututrack.ui.navigation import page_path
from mututrack.views.actions import when

__all__ = ["PREFILL", "FEEDBACK", "exported", "shown", "status_table", "action_form", "delete_button",
           "create_link", "from_alert"]

FEEDBACK = "actions"
# The query parameters a "Créer une action" link carries (see :func:`create_link`).
PREFILL = ("new", "origin", "ref", "indicator", "group_kind", "group_value", "title")


def create_link(label: str, **prefill: str | None) -> None:
    """A link that opens the actions page's form filled in with ``prefill`` (origin, ref, indicator,
    group_kind, group_value, title), for the roles that may create actions."""
    from mututrack import auth

    if not auth.may_change(role(), "action_plans"):
        return
    params = {"new": "1", **{k: v for k, v in prefill.items() if v}}
    st.page_link(page_path("actions"), label=label, icon=":material/add_task:", query_params=params)


# A well-being alert's measure -> the indicator an action on it follows.
ALERT_INDICATORS = {"who5": "who5_mean", "who5_poor": "who5_poor_share", "wc_security": "wc_security"}


def from_alert(alert: dict[str, Any]) -> dict[str, str | None]:
    """What a "Créer une action" link of an Overview alert fills in: its kind and subject as the
    origin, its project as the group, and for a well-being drop the indicator that fell."""
    subject = alert.get("subject")
    ref = alert["kind"] if not isinstance(subject, str) else f"{alert['kind']} · {subject}"
    project = (alert.get("params") or {}).get("project")
    measure = (alert.get("details") or {}).get("measure") if isinstance(alert.get("details"), dict) else None
    return {"origin": "alerte", "ref": ref, "indicator": ALERT_INDICATORS.get(measure),
            "group_kind": "project" if project else None, "group_value": project}


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns the page shows, written for reading."""
    return pd.DataFrame({
        "action_id": frame["action_id"],
        "title": frame["title"],
        "owner": frame["owner"],
        "due_date": frame["due_date"].map(fmt_date),
        "when": [when(row) for _, row in frame.iterrows()],
        "status": frame["status"],
        "origin": frame["origin_label"],
        "indicator": frame["indicator_label"],
        "group": frame["group_label"],
        "movement": frame["movement"],
    })


def exported(frame: pd.DataFrame) -> pd.DataFrame:
    """The list as the import template writes it (French headers, the importer's values: the file
    imports again as it is), with the indicator's movement in a last column."""
    from mututrack.ingest.kinds import KINDS

    fields = KINDS["actions"].fields
    out = pd.DataFrame({f.french: frame[f.name] for f in fields})
    for f in fields:
        if f.type == "date":
            out[f.french] = pd.to_datetime(frame[f.name]).map(fmt_date)
    return out.assign(evolution=frame["movement"])


def _columns(editable: bool) -> dict[str, Any]:
    status = st.column_config.SelectboxColumn(
        t("actions.col.status"), options=list(plans.STATUSES), required=True,
        format_func=lambda s: t(f"actions.status.{s}"), disabled=not editable,
        help=t("actions.status_help") if editable else None,
    )
    names = ("action_id", "title", "owner", "due_date", "when", "origin", "indicator", "group", "movement")
    return {name: st.column_config.TextColumn(t(f"actions.col.{name}"), disabled=True,
                                              width="large" if name in ("title", "movement") else None)
            for name in names} | {"status": status}


def status_table(frame: pd.DataFrame, *, key: str, editable: bool) -> None:
    """The actions of ``frame``; where ``editable``, a status changed in the table is saved at once."""
    table = shown(frame)
    if not editable:
        st.dataframe(table.assign(status=table["status"].map(lambda s: t(f"actions.status.{s}"))),
                     hide_index=True, column_config=_columns(False))
        return
    edited = st.data_editor(table, hide_index=True, column_config=_columns(True), key=key,
                            num_rows="fixed")
    changed = edited[edited["status"] != table["status"]]
    for row in changed.itertuples():
        try:
            plans.set_status(store(), row.action_id, row.status, user=user_name(), role=role())
            outcome = ("success", t("actions.status_saved", action=literal(row.action_id),
                                    status=t(f"actions.status.{row.status}")))
        except KeyError:
            outcome = ("error", t("actions.problem.gone"))
        keep_feedback(FEEDBACK, outcome)
    if len(changed):
        st.session_state.pop(key, None)
        st.rerun()


def _defaults(data: dict[str, Any], chosen: str | None) -> dict[str, Any]:
    """The form's starting values: the chosen action's, or a link's query parameters."""
    actions = data["actions"]
    if chosen is not None:
        row = actions[actions["action_id"] == chosen].iloc[0].to_dict()
        return plans.Action.from_mapping(row).__dict__
    asked = {k: st.query_params.get(k) for k in PREFILL}
    origin = asked["origin"] if asked["origin"] in plans.ORIGINS else None
    return plans.Action.from_mapping({
        "title": asked["title"] or "", "owner": "", "origin_kind": origin, "origin_ref": asked["ref"],
        "indicator": asked["indicator"] if asked["indicator"] in data["indicators"] else None,
        "group_kind": asked["group_kind"] if asked["group_kind"] in plans.GROUP_KINDS else None,
        "group_value": asked["group_value"],
    }).__dict__


def _index(options: list[Any], value: Any) -> int:
    return options.index(value) if value in options else 0


def action_form(data: dict[str, Any], chosen: str | None) -> None:
    """Create an action (``chosen`` None) or edit the action ``chosen``, in one form."""
    start = _defaults(data, chosen)
    indicators = [None, *data["indicators"]]
    origins = [None, *plans.ORIGINS]
    with st.form(f"action_form_{chosen or 'new'}", clear_on_submit=chosen is None):
        title = st.text_input(t("actions.form.title"), start["title"], max_chars=plans.TITLE_MOST)
        left, right = st.columns(2)
        owner = left.text_input(t("actions.form.owner"), start["owner"], max_chars=plans.TEXT_MOST)
        due = right.date_input(t("actions.form.due_date"), start["due_date"], format="DD/MM/YYYY",
                               min_value=dt.date(2000, 1, 1))
        status = left.selectbox(t("actions.form.status"), plans.STATUSES, _index(list(plans.STATUSES),
                                start["status"]), format_func=lambda s: t(f"actions.status.{s}"))
        origin = right.selectbox(t("actions.form.origin_kind"), origins,
                                 _index(origins, start["origin_kind"]),
                                 format_func=lambda o: t(f"actions.origin.{o or 'none'}"))
        ref = st.text_input(t("actions.form.origin_ref"), start["origin_ref"] or "")
        indicator = st.selectbox(
            t("actions.form.indicator"), indicators, _index(indicators, start["indicator"]),
            format_func=lambda i: data["indicators"][i] if i else t("actions.indicator.none"))
        group_kind, group_value = _group_inputs(data, start)
        saved = st.form_submit_button(t("actions.form.save"), type="primary")
    if saved:
        _save(chosen, plans.Action(title=title.strip(), owner=owner.strip(), due_date=due, status=status,
                                   origin_kind=origin, origin_ref=ref.strip() or None, indicator=indicator,
                                   group_kind=group_kind, group_value=group_value))


def _group_inputs(data: dict[str, Any], start: dict[str, Any]) -> tuple[str, str | None]:
    left, right = st.columns(2)
    kind = left.selectbox(t("actions.form.group_kind"), plans.GROUP_KINDS,
                          _index(list(plans.GROUP_KINDS), start["group_kind"]),
                          format_func=lambda g: t(f"actions.group_kind.{g}"),
                          help=t("actions.form.group_help"))
    # a form sends its widgets together: every group of every kind is offered, the kind decides
    values = [None, *(f"{k}\x00{v}" for k, names in data["groups"].items() for v in names)]
    wanted = f"{start['group_kind']}\x00{start['group_value']}" if start["group_value"] else None
    picked = right.selectbox(
        t("actions.form.group_value"), values, _index(values, wanted),
        format_func=lambda v: "—" if v is None else _group_name(data, *v.split("\x00", 1)),
    )
    if picked is None or kind == "organisation":
        return kind, None
    picked_kind, value = picked.split("\x00", 1)
    return kind, value if picked_kind == kind else None  # a value of another kind: asked again


def _group_name(data: dict[str, Any], kind: str, value: str) -> str:
    name = data["groups"].get(kind, {}).get(value, value)
    return f"{t(f'actions.group_kind.{kind}')} : {name}" if kind != "category" else t(
        "qvt.group.category", category=value)


def _save(chosen: str | None, action: plans.Action) -> None:
    found = plans.problems(action)
    if found:
        for code in found:
            st.error(t(f"actions.problem.{code}"))
        return
    try:
        if chosen is None:
            made = plans.create(store(), action, user=user_name(), role=role())
            keep_feedback(FEEDBACK, ("success", t("actions.form.created", action=literal(made))))
            for name in PREFILL:
                st.query_params.pop(name, None)
        else:
            plans.update(store(), chosen, action, user=user_name(), role=role())
            keep_feedback(FEEDBACK, ("success", t("actions.form.saved", action=literal(chosen))))
    except KeyError:
        keep_feedback(FEEDBACK, ("error", t("actions.problem.gone")))
    st.rerun()


def delete_button(data: dict[str, Any], chosen: str) -> None:
    """The deletion of ``chosen``, asked first in a dialog."""
    row = data["actions"][data["actions"]["action_id"] == chosen].iloc[0]
    st.button(t("actions.delete"), icon=":material/delete:", on_click=ask_first(f"delete_{chosen}"),
              key=f"delete_{chosen}")

    def delete() -> tuple[str, str]:
        try:
            plans.delete(store(), chosen, user=user_name(), role=role())
        except KeyError:
            return "error", t("actions.problem.gone")
        return "success", t("actions.delete.done", action=literal(chosen))

    body = t("actions.delete.body", action=literal(chosen), title=literal(row["title"]))
    confirmation(f"delete_{chosen}", t("actions.delete.title"), body, t("actions.delete.confirm"), delete)
    # the outcome is shown by the page's feedback slot
    if f"feedback_delete_{chosen}" in st.session_state:
        keep_feedback(FEEDBACK, st.session_state.pop(f"feedback_delete_{chosen}"))
        st.rerun()
