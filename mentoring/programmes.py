"""Organisation programmes: their rules, every write (keyword-only, atomic), and the
check-in sweep.

What admins read of their members is aggregate only (mentoring.programme_counts); the
writes here never hand an admin anything a member did not share.
"""

import secrets
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import partial

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careerdev import notifications
from careerdev.emails import absolute_url
from careerdev.models import Delivery, EmailOptOut, Topic, User, zone_named
from careerdev.outbox import REDISPATCH_AFTER, deliveries_enqueue
from careerdev.schedules import Cadence, Rule, next_occurrence
from careerdev.validators import one_line
from mentoring.models import MentorProfile
from mentoring.programme_models import (
    PATHS_MAX,
    CheckinCadence,
    Origin,
    Programme,
    ProgrammeCode,
    ProgrammeMembership,
    Role,
)
from plans.library import CareerPath, library

KIND_CHECKIN = "programme_checkin"
CHECKIN_HOUR = 9
# Check-ins fall on a Monday, or the 15th: away from the 1st, when reflection reminders go.
CHECKIN_DAY = {Cadence.WEEKLY: 0, Cadence.MONTHLY: 15, Cadence.QUARTERLY: 15}
SWEEP_BATCH = 1000
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 10
# Addresses anyone can have: a rule on one of them would let the whole world in.
PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "mail.com",
        "yandex.com",
        "example.com",
    }
)


class Refused(ValidationError):
    """A programme action that cannot be done; its message says why, for the member."""


# Rules


def normalise_code(text: str) -> str:
    """A code as typed ("abcde-fghjk", with spaces) in its stored form."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:40]


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip().lower()


def verified_domains(member: User) -> set[str]:
    addresses = EmailAddress.objects.filter(user=member, verified=True).values_list(
        "email", flat=True
    )
    return {domain_of(address) for address in addresses}


def clean_domain(text: str) -> str:
    domain = text.strip().lower().removeprefix("@")
    if domain and ("." not in domain or " " in domain or "@" in domain):
        raise Refused({"email_domain": "Write a domain such as example.org, without the @."})
    return domain


def check_domain_rule(*, admin: User, domain: str) -> None:
    """An admin opens a programme to a domain only with a verified address of their own
    there: proof that they belong to the organisation that holds it."""
    if domain in PUBLIC_DOMAINS:
        raise Refused(
            {"email_domain": f"Anyone can have an address at {domain}: choose your organisation's."}
        )
    if domain not in verified_domains(admin):
        raise Refused(
            {
                "email_domain": (
                    f"Add and verify an address of your own at {domain} first "
                    "(Account, E-mail addresses): only then can you open the programme to it."
                )
            }
        )


def suggested_paths(programme: Programme) -> list[CareerPath]:
    known = library()
    return [path for slug in programme.paths if (path := known.path(slug)) is not None]


def checkin_rule(cadence: str) -> Rule | None:
    if not cadence:
        return None
    kind = Cadence(cadence)
    return Rule(kind, CHECKIN_DAY[kind], time(CHECKIN_HOUR), month=1)


def next_checkin(cadence: str, zone_name: str, after: datetime) -> datetime | None:
    rule = checkin_rule(cadence)
    if rule is None:
        return None
    return next_occurrence(rule, after=after, zone=zone_named(zone_name))


def member_programmes(member: User) -> list[tuple[ProgrammeMembership, list[CareerPath]]]:
    """The dashboard's programmes: each membership, with its suggested paths (one query)."""
    memberships = (
        ProgrammeMembership.objects.for_member(member)
        .select_related("programme")
        .order_by("programme__name")
    )
    return [(membership, suggested_paths(membership.programme)) for membership in memberships]


# Creating and running a programme


def _clean_paths(paths: Iterable[str]) -> list[str]:
    slugs = list(dict.fromkeys(paths))
    if len(slugs) > PATHS_MAX:
        raise Refused({"paths": f"Suggest at most {PATHS_MAX} career paths."})
    unknown = [slug for slug in slugs if library().path(slug) is None]
    if unknown:
        raise Refused({"paths": "Choose the paths from the list."})
    return slugs


@transaction.atomic
def programme_create(
    *,
    member: User,
    name: str,
    description: str,
    starts_on: date,
    ends_on: date | None,
    guidance: str,
    checkin_cadence: str,
    paths: Iterable[str],
) -> Programme:
    """Creates the programme with its creator as the first admin, and a join code."""
    programme = Programme(
        name=name.strip(),
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        guidance=guidance.strip(),
        checkin_cadence=checkin_cadence,
        paths=_clean_paths(paths),
    )
    _check_dates(programme)
    programme.full_clean()
    programme.save()
    _membership_add(programme, member, role=Role.ADMIN, origin=Origin.CREATED)
    code_create(programme=programme, role=Role.MEMBER)
    return programme


def _check_dates(programme: Programme) -> None:
    if programme.ends_on and programme.ends_on < programme.starts_on:
        raise Refused({"ends_on": "The programme cannot end before it starts."})


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    by: User,
    name: str,
    description: str,
    starts_on: date,
    ends_on: date | None,
    guidance: str,
    checkin_cadence: str,
    paths: Iterable[str],
    email_domain: str,
    join_by_domain: bool,
) -> Programme:
    domain = clean_domain(email_domain)
    if join_by_domain and not domain:
        raise Refused({"email_domain": "Name the domain whose members may join."})
    if domain and domain != programme.email_domain:
        check_domain_rule(admin=by, domain=domain)
    cadence_changed = checkin_cadence != programme.checkin_cadence
    programme.name = name.strip()
    programme.description = description.strip()
    programme.starts_on, programme.ends_on = starts_on, ends_on
    programme.guidance = guidance.strip()
    programme.checkin_cadence = checkin_cadence
    programme.paths = _clean_paths(paths)
    programme.email_domain = domain
    programme.join_by_domain = join_by_domain and bool(domain)
    _check_dates(programme)
    programme.full_clean()
    programme.save()
    if cadence_changed:
        checkins_reschedule(programme=programme)
    return programme


def checkins_reschedule(*, programme: Programme, now: datetime | None = None) -> None:
    """Each member's next check-in under the programme's cadence: one UPDATE per time zone
    among its members, however many they are."""
    now = now or timezone.now()
    memberships = ProgrammeMembership.objects.filter(programme=programme)
    if not programme.checkin_cadence:
        memberships.update(next_checkin_at=None)
        return
    zones = memberships.values_list("member__time_zone", flat=True).distinct()
    for zone in list(zones):
        when = next_checkin(programme.checkin_cadence, zone, now)
        memberships.filter(member__time_zone=zone).update(next_checkin_at=when)


# Codes


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def code_create(*, programme: Programme, role: str) -> ProgrammeCode:
    """A new code. A new member code replaces the one before (which stops working); admin
    codes are each for one co-admin, and several may be open."""
    if role == Role.MEMBER:
        ProgrammeCode.objects.filter(programme=programme, role=Role.MEMBER).usable().update(
            revoked_at=timezone.now()
        )
    return ProgrammeCode.objects.create(programme=programme, code=_new_code(), role=role)


@transaction.atomic
def code_revoke(*, code: ProgrammeCode) -> ProgrammeCode:
    if code.is_usable:
        code.revoked_at = timezone.now()
        code.save(update_fields=["revoked_at"])
    return code


def code_lookup(text: str) -> ProgrammeCode | None:
    code = normalise_code(text)
    if not code:
        return None
    return ProgrammeCode.objects.select_related("programme").filter(code=code).first()


# Joining and leaving


def _membership_add(
    programme: Programme, member: User, *, role: str, origin: str
) -> ProgrammeMembership:
    membership = ProgrammeMembership(
        programme=programme,
        member=member,
        role=role,
        origin=origin,
        next_checkin_at=next_checkin(programme.checkin_cadence, member.time_zone, timezone.now()),
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise Refused(f"You are already a member of {programme}.") from None
    return membership


@transaction.atomic
def programme_join(*, member: User, code_text: str) -> ProgrammeMembership:
    """Joins through a code or its link. An admin code makes an existing member an admin."""
    code = code_lookup(code_text)
    if code is None:
        raise Refused({"code": "No programme has that code: check it and try again."})
    code = ProgrammeCode.objects.select_for_update().select_related("programme").get(pk=code.pk)
    if code.revoked_at is not None:
        raise Refused({"code": "This code has been withdrawn: ask the programme for a new one."})
    if code.used_at is not None:
        raise Refused({"code": "This invitation has already been used: each one serves once."})
    programme = code.programme
    existing = ProgrammeMembership.objects.filter(programme=programme, member=member).first()
    if code.role == Role.ADMIN:
        if existing is not None and existing.is_admin:
            raise Refused({"code": f"You are already an admin of {programme}."})
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        if existing is not None:
            existing.role = Role.ADMIN
            existing.save(update_fields=["role"])
            return existing
        return _membership_add(programme, member, role=Role.ADMIN, origin=Origin.CODE)
    if existing is not None:
        raise Refused({"code": f"You are already a member of {programme}."})
    return _membership_add(programme, member, role=Role.MEMBER, origin=Origin.CODE)


@transaction.atomic
def programme_join_by_domain(*, member: User, programme: Programme) -> ProgrammeMembership:
    if not programme.join_by_domain or programme.email_domain not in verified_domains(member):
        raise Refused(
            f"{programme} is open to verified addresses at its organisation's domain only."
        )
    return _membership_add(programme, member, role=Role.MEMBER, origin=Origin.DOMAIN)


def domain_programmes_join(*, member: User) -> list[ProgrammeMembership]:
    """Joins every programme open to one of the member's verified domains (on confirming an
    address): the ones they are already in are left as they are."""
    joined = []
    open_to_them = Programme.objects.open_to_domains(verified_domains(member)).exclude(
        memberships__member=member
    )
    for programme in open_to_them:
        try:
            joined.append(programme_join_by_domain(member=member, programme=programme))
        except Refused:
            continue
    return joined


def _lock_admins(programme: Programme) -> list[int]:
    return list(
        ProgrammeMembership.objects.admins()
        .filter(programme=programme)
        .select_for_update()
        .values_list("pk", flat=True)
    )


@transaction.atomic
def programme_leave(*, membership: ProgrammeMembership) -> None:
    """The member leaves at once; the last admin stays until another admin is found."""
    admins = _lock_admins(membership.programme)
    if membership.is_admin and admins == [membership.pk]:
        raise Refused(
            "You are the programme's last admin: invite a co-admin first, then you can leave "
            "(or close the programme)."
        )
    membership.delete()


@transaction.atomic
def admin_remove(
    *, programme: Programme, by: ProgrammeMembership, membership: ProgrammeMembership
) -> ProgrammeMembership:
    """Another admin goes back to being a member. Admins cannot remove themselves: they
    leave the programme instead, which keeps at least one admin."""
    if membership.pk == by.pk:
        raise Refused(
            "You cannot remove yourself as an admin here: another admin can, or you can leave."
        )
    if membership.programme_id != programme.pk or not membership.is_admin:
        raise Refused("Only an admin of this programme can be removed as admin.")
    _lock_admins(programme)
    membership.role = Role.MEMBER
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def programme_close(*, membership: ProgrammeMembership) -> None:
    """An admin closes the programme: its memberships, codes and counts go; nothing the
    members hold of their own is touched."""
    if not membership.is_admin:
        raise Refused("Only an admin can close the programme.")
    membership.programme.delete()


# The mentor pool


@transaction.atomic
def pool_set(*, membership: ProgrammeMembership, in_pool: bool) -> ProgrammeMembership:
    if in_pool and not MentorProfile.objects.filter(user_id=membership.member_id).exists():
        raise Refused("Write your mentor profile first: the pool lists it to members.")
    membership.in_pool = in_pool
    membership.save(update_fields=["in_pool"])
    return membership


def pool_mentor_ids(member: User) -> dict[int, str]:
    """The mentors in the pools of the member's programmes, each with a programme's name."""
    rows = (
        ProgrammeMembership.objects.pool()
        .filter(programme__memberships__member=member)
        .exclude(member=member)
        .order_by("programme__name")
        .values_list("member_id", "programme__name")
    )
    found: dict[int, str] = {}
    for mentor_id, name in rows:
        found.setdefault(mentor_id, name)
    return found


# Check-ins: the sweep, and what each e-mail says


def checkins_sweep(*, now: datetime | None = None, batch_size: int = SWEEP_BATCH) -> int:
    """Records a delivery per due check-in and moves each membership to its next one.
    Memberships are claimed FOR UPDATE SKIP LOCKED, so two sweeps at once send each once."""
    now = now or timezone.now()
    recorded = 0
    while True:
        count = _checkins_claim(now=now, batch_size=batch_size)
        recorded += count
        if count < batch_size:
            return recorded


def _checkins_claim(*, now: datetime, batch_size: int) -> int:
    with transaction.atomic():
        due = list(
            ProgrammeMembership.objects.due_checkins(now)
            .order_by("next_checkin_at")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list(
                "pk",
                "member_id",
                "programme_id",
                "programme__checkin_cadence",
                "next_checkin_at",
                "member__time_zone",
            )[:batch_size]
        )
        if not due:
            return 0
        stopped = set(
            EmailOptOut.objects.filter(
                member_id__in=[row[1] for row in due], topic=Topic.PROGRAMME_CHECKINS
            ).values_list("member_id", flat=True)
        )
        deliveries = []
        moves: dict[datetime | None, list[int]] = defaultdict(list)
        for pk, member_id, programme_id, cadence, occurrence, zone in due:
            if cadence and member_id not in stopped:
                deliveries.append(
                    Delivery(
                        kind=KIND_CHECKIN,
                        member_id=member_id,
                        topic=Topic.PROGRAMME_CHECKINS,
                        items=[{"programme": programme_id}],
                        occurrence=occurrence,
                        send_after=occurrence,
                        dispatch_at=now + REDISPATCH_AFTER,
                    )
                )
            moves[next_checkin(cadence, zone, now)].append(pk)
        created = Delivery.objects.bulk_create(deliveries)
        for when, pks in moves.items():
            ProgrammeMembership.objects.filter(pk__in=pks).update(next_checkin_at=when)
        ids = [delivery.pk for delivery in created]
        transaction.on_commit(partial(deliveries_enqueue, ids), robust=True)
    return len(due)


def checkin_render(delivery: Delivery) -> notifications.Email | None:
    """Nothing to say once the member left the programme or its check-ins stopped."""
    programme_id = (delivery.items or [{}])[0].get("programme")
    programme = (
        Programme.objects.filter(pk=programme_id, memberships__member_id=delivery.member_id)
        .exclude(checkin_cadence="")
        .first()
    )
    if programme is None:
        return None
    cadence = CheckinCadence(programme.checkin_cadence).label.split(",")[0].lower()
    return notifications.Email(
        subject=one_line(f"Check-in time: {programme.name}"),
        template="mentoring/emails/programme_checkin",
        reason=(
            f"You are a member of {one_line(programme.name)}, whose admins set {cadence} "
            "check-ins. Stop them below, or in your reminder settings."
        ),
        context={
            "member": delivery.member,
            "programme": programme,
            "paths": suggested_paths(programme),
            "programme_url": absolute_url(programme.get_absolute_url()),
        },
    )


def register() -> None:
    notifications.register(KIND_CHECKIN, checkin_render, topic=Topic.PROGRAMME_CHECKINS)


# Account deletion


@transaction.atomic
def member_programmes_forget(*, member: User) -> int:
    """Before an account is deleted: programmes left with nobody in them go too."""
    alone = [
        programme_id
        for programme_id in ProgrammeMembership.objects.for_member(member).values_list(
            "programme_id", flat=True
        )
        if not ProgrammeMembership.objects.filter(programme_id=programme_id)
        .exclude(member=member)
        .exists()
    ]
    deleted, _ = Programme.objects.filter(pk__in=alone).delete()
    return deleted
