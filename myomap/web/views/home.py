from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from myomap.accounts.actor import Actor
from myomap.web.edge import member_view


@member_view
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    return redirect("client_list")


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
