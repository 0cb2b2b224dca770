from myomap.accounts.models import Membership


def membership(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    found = Membership.objects.select_related("clinic").filter(user=user).first()
    return {"membership": found}
