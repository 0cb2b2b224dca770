"""Who is acting: the user, their clinic membership and where the request came from. Every
selector and service takes an Actor, so scoping and auditing cannot be forgotten."""

from __future__ import annotations

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


def actor_for_user(user, *, remote_addr: str | None = None) -> Actor:
    try:
        membership = Membership.objects.select_related("clinic", "user").get(user=user)
    except Membership.DoesNotExist as exc:
        raise Forbidden("This account is not a member of any clinic.") from exc
    return Actor(membership=membership, remote_addr=remote_addr)
