"""The member's own data: see what is kept, download it all, delete the account."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from careerdev.forms import AccountDeleteForm
from careerdev.http import MemberRequest
from careerdev.privacy import account_delete as delete_account
from careerdev.privacy import member_data_export
from plans.exports import EXPORTS


@require_safe
@login_required
def your_data(request: MemberRequest) -> TemplateResponse:
    return TemplateResponse(request, "careerdev/your_data.html", {"exports": EXPORTS})


@never_cache
@require_safe
@login_required
def data_export(request: MemberRequest) -> JsonResponse:
    """Everything careerdev holds about the member, as one JSON file (docs/your-data.md)."""
    response = JsonResponse(
        member_data_export(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    filename = f"careerdev-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Re-authentication first: a session left open on a shared computer cannot delete the account.
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@reauthentication_required
def account_delete(request: MemberRequest) -> HttpResponse:
    # Bound on every POST: an unticked box sends nothing, and must still be refused.
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_account(member=request.user)
        logout(request)
        messages.success(request, "Your account and all your data are deleted.")
        return redirect("home")
    return TemplateResponse(request, "careerdev/account_delete.html", {"form": form})
