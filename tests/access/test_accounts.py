"""User administration services: every rule and refusal, and the account event each change writes."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhet.access import accounts, roles
from helhet.access.models import AccountEvent, AppendOnlyError, RoleGrant
from helhet.core.calendar import local_today
from helhet.organisation.models import Engagement, Staff
from tests import factories

TODAY = local_today()
DAY = datetime.timedelta(days=1)
User = get_user_model()


def kinds(user):
    return list(AccountEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def fresh(user):
    return User.objects.get(pk=user.pk)


# --- who may act -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["case_worker", "leader", "analyst"])
def test_only_the_admin_may_administer_users(request, who, reception):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        accounts.user_deactivate(user=reception, actor=actor, reason="Sluttet")
    with pytest.raises(PermissionDenied):
        accounts.role_grant_give(user=reception, role=roles.ADMIN, actor=actor, reason="x", valid_from=TODAY)
    assert fresh(reception).is_active and roles.ADMIN not in roles.roles_of(fresh(reception))


def test_an_admin_of_another_municipality_may_not_touch_our_users(reception, other_municipality):
    their_admin = factories.user(other_municipality, roles.ADMIN, username="nabo-admin")
    with pytest.raises(PermissionDenied):
        accounts.user_deactivate(user=reception, actor=their_admin, reason="Sluttet")
    with pytest.raises(PermissionDenied):
        accounts.user_second_factor_reset(user=reception, actor=their_admin, reason="Mistet telefonen")


def test_every_change_needs_a_reason(admin_user, reception):
    with pytest.raises(ValidationError, match="begrunnelse"):
        accounts.user_deactivate(user=reception, actor=admin_user, reason="  ")
    with pytest.raises(ValidationError, match="begrunnelse"):
        accounts.role_grant_give(
            user=reception, role=roles.LEADER, actor=admin_user, reason="", valid_from=TODAY
        )
    assert fresh(reception).is_active and not RoleGrant.objects.exists()


# --- creating users --------------------------------------------------------------------------------


def test_the_admin_creates_a_staff_user_who_sets_their_own_password_by_a_one_time_link(
    client, admin_user, municipality
):
    user = accounts.user_create(
        actor=admin_user,
        reason="Ny sykepleier",
        username="ny.bruker",
        first_name="Nora",
        last_name="Ny",
        email="nora@example.no",
        initial_roles=[roles.PROVIDER],
    )
    assert user.municipality == municipality and not user.has_usable_password()
    assert Staff.objects.get(user=user).last_name == "Ny"
    assert roles.roles_of(fresh(user)) == {roles.PROVIDER}
    assert kinds(user) == ["user_created", "role_granted"]
    link = accounts.password_setup_path(user)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Velg passord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Et-godt-passord-42", "new_password2": "Et-godt-passord-42"},
    )
    assert done.status_code == 302
    assert fresh(user).check_password("Et-godt-passord-42")
    again = client.get(link, follow=True)  # the link works once
    assert "virker ikke lenger" in again.content.decode()


def test_a_new_user_can_be_linked_to_an_existing_staff_record(admin_user, municipality):
    staff = Staff.objects.create(municipality=municipality, first_name="Per", last_name="Ansatt")
    user = accounts.user_create(
        actor=admin_user,
        reason="Får innlogging",
        username="per",
        first_name="Per",
        last_name="Ansatt",
        email="per@example.no",
        staff=staff,
    )
    staff.refresh_from_db()
    assert (
        staff.user == user
        and Staff.objects.filter(municipality=municipality, last_name="Ansatt").count() == 1
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "admin", "allerede i bruk"),
        ("username", "ADMIN", "allerede i bruk"),
        ("username", "ikke gyldig!", "bare ha bokstaver"),
        ("username", "", "Skriv et brukernavn"),
        ("email", "ikke-epost", "gyldig e-postadresse"),
        ("first_name", "", "fornavnet"),
    ],
)
def test_creating_a_user_refuses_bad_input_and_saves_nothing(admin_user, field, value, message):
    data = {
        "username": "ny",
        "first_name": "Nora",
        "last_name": "Ny",
        "email": "nora@example.no",
        field: value,
    }
    before = User.objects.count()
    with pytest.raises(ValidationError, match=message) as raised:
        accounts.user_create(actor=admin_user, reason="Ny ansatt", **data)
    assert field in raised.value.error_dict
    assert User.objects.count() == before


def test_a_staff_record_that_already_has_a_login_cannot_get_another(admin_user, case_worker):
    with pytest.raises(ValidationError, match="har allerede en bruker"):
        accounts.user_create(
            actor=admin_user,
            reason="x",
            username="to",
            first_name="A",
            last_name="B",
            email="a@example.no",
            staff=Staff.objects.get(user=case_worker),
        )


# --- deactivation ------------------------------------------------------------------------------------


def test_a_deactivated_user_cannot_log_in_and_is_logged_out(client, admin_user, case_worker):
    client.force_login(case_worker)
    assert client.get("/").status_code == 200
    accounts.user_deactivate(user=case_worker, actor=admin_user, reason="Sluttet 30. november")
    assert client.get("/").status_code == 302  # the session is gone
    assert not client.login(username="saksbehandler", password=factories.PASSWORD)
    event = AccountEvent.objects.get(user=case_worker, kind="deactivated")
    assert (event.actor, event.reason) == (admin_user, "Sluttet 30. november")


def test_an_admin_cannot_deactivate_themselves(admin_user):
    with pytest.raises(ValidationError, match="deaktivere deg selv"):
        accounts.user_deactivate(user=admin_user, actor=admin_user, reason="Test")
    assert fresh(admin_user).is_active


def test_reactivation_gives_a_one_time_link_and_refuses_the_active(admin_user, case_worker):
    with pytest.raises(ValidationError, match="allerede aktiv"):
        accounts.user_reactivate(user=case_worker, actor=admin_user, reason="x")
    accounts.user_deactivate(user=case_worker, actor=admin_user, reason="Permisjon")
    with pytest.raises(ValidationError, match="allerede deaktivert"):
        accounts.user_deactivate(user=case_worker, actor=admin_user, reason="Permisjon")
    link = accounts.user_reactivate(user=case_worker, actor=admin_user, reason="Tilbake")
    assert link.startswith("/konto/sett-passord/") and fresh(case_worker).is_active
    assert kinds(case_worker)[-2:] == ["deactivated", "reactivated"]


# --- roles over time ---------------------------------------------------------------------------------


def test_a_role_given_from_today_takes_effect_at_once_and_ending_it_takes_it_away(admin_user, reception):
    grant = accounts.role_grant_give(
        user=reception, role=roles.CASE_WORKER, actor=admin_user, reason="Vikar", valid_from=TODAY
    )
    assert roles.CASE_WORKER in roles.roles_of(fresh(reception))
    assert (grant.granted_by, grant.reason) == (admin_user, "Vikar")
    accounts.role_grant_end(grant=grant, actor=admin_user, reason="Vikariatet er over", valid_to=TODAY - DAY)
    assert roles.CASE_WORKER not in roles.roles_of(fresh(reception))
    grant.refresh_from_db()
    assert grant.withdrawn and grant.ended_by == admin_user
    assert roles.RECEPTION in roles.roles_of(fresh(reception))  # the role held from before is untouched


def test_future_starts_and_ends_are_applied_by_the_daily_command_idempotently(admin_user, reception):
    accounts.role_grant_give(
        user=reception,
        role=roles.LEADER,
        actor=admin_user,
        reason="Ny leder",
        valid_from=TODAY + DAY,
        valid_to=TODAY + 3 * DAY,
    )
    assert roles.LEADER not in roles.roles_of(fresh(reception))
    changes = accounts.role_grants_apply(on=TODAY + DAY)
    assert [(user.pk, role, added) for user, role, added in changes] == [(reception.pk, roles.LEADER, True)]
    assert roles.LEADER in roles.roles_of(fresh(reception))
    assert accounts.role_grants_apply(on=TODAY + DAY) == []  # idempotent
    accounts.role_grants_apply(on=TODAY + 4 * DAY)
    assert roles.LEADER not in roles.roles_of(fresh(reception))
    applied = AccountEvent.objects.filter(user=reception, kind="role_applied")
    assert applied.count() == 2 and applied.first().actor is None


def test_the_apply_role_grants_command_runs_and_is_idempotent(admin_user, reception):
    grant = accounts.role_grant_give(
        user=reception, role=roles.LEADER, actor=admin_user, reason="x", valid_from=TODAY - 5 * DAY
    )
    RoleGrant.objects.filter(pk=grant.pk).update(valid_to=TODAY - DAY)  # an end that fell due overnight
    out = io.StringIO()
    call_command("apply-role-grants", stdout=out)
    assert "1 endringer" in out.getvalue() and roles.LEADER not in roles.roles_of(fresh(reception))
    out = io.StringIO()
    call_command("apply-role-grants", stdout=out)
    assert "0 endringer" in out.getvalue()


def test_roles_held_without_grants_are_left_alone_by_the_command(reception):
    accounts.role_grants_apply()
    assert roles.roles_of(fresh(reception)) == {roles.RECEPTION}


def test_a_role_from_before_grants_can_be_ended(admin_user, reception):
    accounts.role_end(
        user=reception, role=roles.RECEPTION, actor=admin_user, reason="Ny stilling", valid_to=TODAY - DAY
    )
    assert roles.RECEPTION not in roles.roles_of(fresh(reception))
    assert RoleGrant.objects.get(user=reception, role=roles.RECEPTION).ended_by == admin_user


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "field", "message"),
    [
        (datetime.date(9999, 12, 31), None, "valid_from", "mellom 1900 og 2100"),
        (datetime.date(1899, 12, 31), None, "valid_from", "mellom 1900 og 2100"),
        (TODAY, datetime.date(9999, 12, 31), "valid_to", "mellom 1900 og 2100"),
        (TODAY, TODAY - DAY, "valid_to", "kan ikke være før startdatoen"),
    ],
)
def test_invalid_periods_are_refused_in_norwegian(
    admin_user, reception, valid_from, valid_to, field, message
):
    with pytest.raises(ValidationError, match=message) as raised:
        accounts.role_grant_give(
            user=reception,
            role=roles.LEADER,
            actor=admin_user,
            reason="x",
            valid_from=valid_from,
            valid_to=valid_to,
        )
    assert field in raised.value.error_dict
    assert not RoleGrant.objects.exists()


def test_an_overlapping_grant_of_the_same_role_is_refused(admin_user, reception):
    accounts.role_grant_give(
        user=reception, role=roles.LEADER, actor=admin_user, reason="x", valid_from=TODAY
    )
    with pytest.raises(ValidationError, match="allerede rollen"):
        accounts.role_grant_give(
            user=reception, role=roles.LEADER, actor=admin_user, reason="y", valid_from=TODAY + 10 * DAY
        )


def test_the_last_admin_cannot_end_their_own_admin_role(admin_user, municipality):
    with pytest.raises(ValidationError, match="eneste administrator"):
        accounts.role_end(
            user=admin_user, role=roles.ADMIN, actor=admin_user, reason="x", valid_to=TODAY - DAY
        )
    assert roles.ADMIN in roles.roles_of(fresh(admin_user))
    assert not RoleGrant.objects.exists()  # nothing half-written
    factories.user(municipality, roles.ADMIN, username="admin2")
    accounts.role_end(
        user=admin_user, role=roles.ADMIN, actor=admin_user, reason="Ny jobb", valid_to=TODAY - DAY
    )
    assert roles.ADMIN not in roles.roles_of(fresh(admin_user))


def test_the_last_admin_cannot_give_themselves_an_admin_role_that_ends(admin_user):
    with pytest.raises(ValidationError, match="eneste administrator"):
        accounts.role_grant_give(
            user=admin_user,
            role=roles.ADMIN,
            actor=admin_user,
            reason="x",
            valid_from=TODAY,
            valid_to=TODAY + DAY,
        )


def test_a_deactivated_admin_does_not_count_as_another_admin(admin_user, municipality):
    other = factories.user(municipality, roles.ADMIN, username="admin2")
    accounts.user_deactivate(user=other, actor=admin_user, reason="Sluttet")
    with pytest.raises(ValidationError, match="eneste administrator"):
        accounts.role_end(
            user=admin_user, role=roles.ADMIN, actor=admin_user, reason="x", valid_to=TODAY - DAY
        )


def test_ending_a_grant_later_than_it_already_ends_is_refused(admin_user, reception):
    grant = accounts.role_grant_give(
        user=reception,
        role=roles.LEADER,
        actor=admin_user,
        reason="x",
        valid_from=TODAY,
        valid_to=TODAY + DAY,
    )
    with pytest.raises(ValidationError, match="slutter allerede"):
        accounts.role_grant_end(grant=grant, actor=admin_user, reason="y", valid_to=TODAY + 5 * DAY)


# --- engagements ---------------------------------------------------------------------------------------


def test_engagements_are_given_and_ended_over_time(admin_user, municipality, home_care):
    nurse = factories.user(municipality, roles.PROVIDER, username="deltid")
    engagement = accounts.user_engagement_add(
        user=nurse, actor=admin_user, reason="Delt stilling", unit=home_care, fte=0.6, valid_from=TODAY
    )
    assert Engagement.objects.filter(staff__user=nurse).count() == 1
    with pytest.raises(ValidationError, match="1,0"):
        accounts.user_engagement_add(
            user=nurse, actor=admin_user, reason="For mye", unit=home_care, fte=0.5, valid_from=TODAY
        )
    accounts.user_engagement_end(
        engagement=engagement, actor=admin_user, reason="Tilbake i resepsjonen", valid_to=TODAY + 30 * DAY
    )
    engagement.refresh_from_db()
    assert engagement.valid_to == TODAY + 30 * DAY
    assert kinds(nurse)[-2:] == ["engagement_added", "engagement_ended"]


def test_a_user_without_a_staff_record_gets_one_with_the_first_engagement(admin_user, analyst, home_care):
    accounts.user_engagement_add(
        user=analyst, actor=admin_user, reason="Analyse", unit=home_care, fte=0.5, valid_from=TODAY
    )
    assert Staff.objects.get(user=analyst).engagements.count() == 1


def test_an_engagement_in_another_municipality_or_with_bad_dates_is_refused(
    admin_user, reception, other_municipality, home_care
):
    their_unit = factories.unit(other_municipality, "Nabo sykehjem")
    with pytest.raises(ValidationError, match="annen kommune"):
        accounts.user_engagement_add(
            user=reception, actor=admin_user, reason="x", unit=their_unit, fte=0.2, valid_from=TODAY
        )
    with pytest.raises(ValidationError, match="mellom 1900 og 2100"):
        accounts.user_engagement_add(
            user=reception,
            actor=admin_user,
            reason="x",
            unit=home_care,
            fte=0.2,
            valid_from=datetime.date(9999, 1, 1),
        )
    with pytest.raises(ValidationError, match="før startdatoen"):
        accounts.user_engagement_add(
            user=reception,
            actor=admin_user,
            reason="x",
            unit=home_care,
            fte=0.2,
            valid_from=TODAY,
            valid_to=TODAY - DAY,
        )


# --- second factor ---------------------------------------------------------------------------------------


def test_resetting_the_second_factor_removes_the_users_devices(admin_user, case_worker):
    TOTPDevice.objects.create(user=case_worker, name="Telefon", confirmed=True)
    TOTPDevice.objects.create(user=admin_user, name="Min telefon", confirmed=True)
    assert (
        accounts.user_second_factor_reset(user=case_worker, actor=admin_user, reason="Mistet telefonen") == 1
    )
    assert not TOTPDevice.objects.filter(user=case_worker).exists()
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    event = AccountEvent.objects.get(user=case_worker, kind="second_factor_reset")
    assert event.reason == "Mistet telefonen" and event.actor == admin_user


def test_an_admin_cannot_reset_their_own_second_factor(admin_user):
    TOTPDevice.objects.create(user=admin_user, name="Min telefon", confirmed=True)
    with pytest.raises(ValidationError, match="egen andre faktor"):
        accounts.user_second_factor_reset(user=admin_user, actor=admin_user, reason="x")
    assert TOTPDevice.objects.filter(user=admin_user).exists()


# --- the event rows ----------------------------------------------------------------------------------------


def test_account_events_are_append_only(admin_user, case_worker):
    accounts.user_deactivate(user=case_worker, actor=admin_user, reason="Sluttet")
    event = AccountEvent.objects.get(user=case_worker)
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
