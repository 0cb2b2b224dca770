"""Source cards: what a short citation on a page stands for — the full reference, the kind of
evidence and the knowledge base's note on it. The bibliography holds no client data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from myomap.accounts.actor import Actor
from myomap.clinical.kb import get_kb
from myomap.web.http.access import member_view
from myomap.web.templatetags.words import short_citation

KIND_WORDS = {
    "trial": "Randomised or controlled trial",
    "study": "Study (diagnostic, reliability or observational)",
    "review": "Review",
    "guideline": "Clinical guideline",
    "textbook_recall": "Textbook, cited from memory (not re-read)",
    "reference": "Clinical reference page",
    "practitioner_page": "Practitioners' or trade page (weak evidence)",
    "seed_page": "A public page describing the method Myomap implements",
}


@member_view
def source_card(request: HttpRequest, actor: Actor, key: str) -> HttpResponse:
    source = get_kb().sources.get(key)
    if source is None:
        raise Http404("No such source in the knowledge base.")
    context = {
        "source": source,
        "citation": short_citation(key),
        "kind": KIND_WORDS.get(source.kind, source.kind.replace("_", " ")),
    }
    return render(request, "sources/card.html", context)
