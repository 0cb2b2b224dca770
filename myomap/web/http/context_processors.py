from myomap.errors import Forbidden
from myomap.web.http.access import request_actor


def membership(request) -> dict:
    """The header's "who am I": reuses the Actor the view already looked up."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        return {"membership": request_actor(request).membership}
    except Forbidden:
        return {"membership": None}


def knowledge_base(request) -> dict:
    """The knowledge-base version for the one footer line (each stored record keeps its own)."""
    from myomap.clinical.kb import get_kb

    return {"kb_version": get_kb().version}
