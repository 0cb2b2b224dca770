"""Clients and episodes: the same selectors and services as the client and episode pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from myomap.api.edge import ERRORS, MAX_LIMIT, actor_of, cursor_decode, cursor_encode, page_after
from myomap.api.schemas import (
    ClientIn,
    ClientOut,
    ClientPage,
    EpisodeIn,
    EpisodeOut,
    EpisodePage,
    EpisodeStatusIn,
)
from myomap.errors import ValidationFailed
from myomap.records.episodes import (
    episode_create,
    episode_get_for_user,
    episode_list_for_client,
    episode_status_set,
)
from myomap.records.selectors import client_get_for_user, client_page_for_user
from myomap.records.services import client_create, client_update

router = Router(tags=["clients and episodes"])


class ClientFilter(Schema):
    """Filters and paging of the client list."""

    search: str = ""
    cursor: str | None = None
    limit: int = 50


class PageQuery(Schema):
    """Paging of a list."""

    cursor: str | None = None
    limit: int = 50


class EpisodeFilter(PageQuery):
    """Paging of a client's episodes, optionally only those of one status."""

    status: Literal["active", "referred", "discharged", "maintenance"] | None = None


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def page_of(rows: Sequence[Any], paging: Any, present: Callable[[Any], Any] = lambda r: r) -> dict:
    """One page body ({items, next_cursor}) of a short list already in order, keyed by primary
    key; `paging` is the query's `cursor` and `limit`."""
    items, next_cursor = page_after(
        rows, paging.cursor, _limit(paging.limit), lambda r: [str(r.pk)]
    )
    return {"items": [present(row) for row in items], "next_cursor": next_cursor}


@router.get("/clients", response={200: ClientPage, **ERRORS}, summary="List clients")
def clients_list(request: HttpRequest, filters: Query[ClientFilter]):
    """Clients of the caller's clinic whose names contain every word of `search`,
    alphabetical, `limit` (1-100) at a time."""
    after = cursor_decode(filters.cursor)
    if after is not None and (len(after) != 1 or not _is_uuid(after[0])):
        raise ValidationFailed({"cursor": ["Not a cursor from this API: pass next_cursor back."]})
    page = client_page_for_user(
        actor=actor_of(request),
        search=filters.search[:200],
        after=after[0] if after else "",
        size=_limit(filters.limit),
    )
    next_cursor = cursor_encode([page.next_after]) if page.next_after else None
    items = page.clients
    return {"items": items, "next_cursor": next_cursor}


@router.post("/clients", response={201: ClientOut, **ERRORS}, summary="Register a client")
def clients_create(request: HttpRequest, payload: ClientIn):
    return Status(201, client_create(actor=actor_of(request), data=payload.model_dump()))


@router.get("/clients/{client_id}", response={200: ClientOut, **ERRORS}, summary="A client")
def clients_get(request: HttpRequest, client_id: uuid.UUID):
    return client_get_for_user(actor=actor_of(request), client_id=client_id)


@router.put("/clients/{client_id}", response={200: ClientOut, **ERRORS}, summary="Edit a client")
def clients_update(request: HttpRequest, client_id: uuid.UUID, payload: ClientIn):
    return client_update(actor=actor_of(request), client_id=client_id, data=payload.model_dump())


@router.get(
    "/clients/{client_id}/episodes",
    response={200: EpisodePage, **ERRORS},
    summary="A client's episodes",
)
def episodes_list(request: HttpRequest, client_id: uuid.UUID, paging: Query[EpisodeFilter]):
    actor = actor_of(request)
    actor.require_clinical()
    client = client_get_for_user(actor=actor, client_id=client_id, audit=False)
    episodes = episode_list_for_client(actor=actor, client=client)
    if paging.status:
        episodes = [e for e in episodes if e.status == paging.status]
    return page_of(episodes, paging)


@router.post(
    "/clients/{client_id}/episodes",
    response={201: EpisodeOut, **ERRORS},
    summary="Open an episode",
)
def episodes_create(request: HttpRequest, client_id: uuid.UUID, payload: EpisodeIn):
    data = payload.model_dump()
    return Status(201, episode_create(actor=actor_of(request), client_id=client_id, data=data))


@router.get("/episodes/{episode_id}", response={200: EpisodeOut, **ERRORS}, summary="An episode")
def episodes_get(request: HttpRequest, episode_id: uuid.UUID):
    return episode_get_for_user(actor=actor_of(request), episode_id=episode_id)


@router.put(
    "/episodes/{episode_id}/status",
    response={200: EpisodeOut, **ERRORS},
    summary="Change an episode's status",
)
def episodes_status(request: HttpRequest, episode_id: uuid.UUID, payload: EpisodeStatusIn):
    return episode_status_set(
        actor=actor_of(request), episode_id=episode_id, data=payload.model_dump()
    )
