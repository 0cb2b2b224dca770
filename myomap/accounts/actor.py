"""Who is acting: the user, their clinic membership and where the request came from. Every
selector and service takes an Actor, so scoping and auditing cannot be forgotten."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from myomap.accounts.models import Clinic, Membership, Role
from myomap.errors import Forbidden


@dataclass(frozen=True)
class Actor:
    membership: Membership
    remote_addr: str | None = None

    @property
    def user(self):
        return self.membership.user

    @property
    def clinic(self) -> Clinic:
        return self.membership.clinic

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def sees_clinical(self) -> bool:
        return self.membership.sees_clinical

    def require_clinical(self) -> None:
        if not self.sees_clinical:
            raise Forbidden("Clinical records are not available to the front-desk role.")

    def require_owner(self) -> None:
        if self.role != Role.OWNER:
            raise Forbidden("Only the clinic owner may do this.")

    @property
    def audit_username(self) -> str:
        return self.user.get_username()


@dataclass(frozen=True)
class ClientActor:
    """A client acting through a portal link, without a staff account. Audited with no user,
    the clinic of the client, and the username `client:<client id>` (CLIENT_PREFIX), so the
    trail tells a client's own reads and writes from staff ones. Staff selectors and services
    do not accept it: the portal has its own, scoped to this one client."""

    client_id: uuid.UUID
    clinic: Clinic
    link_id: uuid.UUID
    remote_addr: str | None = None

    user = None
    sees_clinical = False

    @property
    def audit_username(self) -> str:
        return f"{CLIENT_PREFIX}{self.client_id}"


CLIENT_PREFIX = "client:"


def actor_for_user(user, *, remote_addr: str | None = None) -> Actor:
    try:
        membership = Membership.objects.select_related("clinic", "user").get(user=user)
    except Membership.DoesNotExist as exc:
        raise Forbidden("This account is not a member of any clinic.") from exc
    return Actor(membership=membership, remote_addr=remote_addr)
