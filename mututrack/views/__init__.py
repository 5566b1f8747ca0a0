"""The data of each page: ``compute(store, filters) -> dict`` of picklable values, after privacy.

A page gets its data only through ``ui.view(name, filters)``, which caches these functions; the
benchmark times the same functions. One entry per page (name -> module).
"""

VIEWS: dict[str, str] = {
    "filters": "mututrack.views.filter_options",
    "overview": "mututrack.views.overview",
    "involvement": "mututrack.views.involvement",
    "concertation": "mututrack.views.concertation",
    "network": "mututrack.views.network",
    "participation": "mututrack.views.participation",
    "proposals": "mututrack.views.proposals",
    "qvt": "mututrack.views.qvt",
    "careers": "mututrack.views.careers",
    "comments": "mututrack.views.comments",
    "actions": "mututrack.views.actions",
    "proposal_texts": "mututrack.views.proposal_texts",  # the proposals page's free text, HR and directors
}
