"""Signing up through an invitation accepts it: the person lands on what was shared."""

import logging

from allauth.account.models import EmailAddress
from django.http import HttpRequest

from careerdev.models import User
from mentoring import programmes, services
from mentoring.models import Invitation, InvitationStatus

INVITATION_SESSION_KEY = "mentoring_invitation"
log = logging.getLogger(__name__)


def accept_invitation_on_signup(
    sender: type, *, request: HttpRequest, user: User, **kwargs: object
) -> None:
    invitation_id = request.session.pop(INVITATION_SESSION_KEY, None)
    if invitation_id is None:
        return
    request.session.pop("account_verified_email", None)
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or invitation.status() != InvitationStatus.PENDING:
        return
    # Only the invited address, verified through the invitation link, accepts it here.
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if not verified:
        return
    try:
        services.invitation_accept(invitation=invitation, user=user)
    except services.InvitationUnusable:
        log.info("Invitation %s could not be accepted on sign-up.", invitation.pk)


def join_programmes_by_domain(
    sender: type, *, request: HttpRequest | None, email_address: EmailAddress, **kwargs: object
) -> None:
    """A newly verified address joins the programmes open to its domain."""
    joined = programmes.domain_programmes_join(member=email_address.user)
    if joined:
        log.info("Member %s joined %d programmes by domain.", email_address.user_id, len(joined))
