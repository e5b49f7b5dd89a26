"""Production settings pass Django's deployment checks; development defaults never leak into them."""

import os
import subprocess
import sys

import pytest


def run_check(**env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "helhet.config.production", **env}
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests in this process
    return subprocess.run(
        [sys.executable, "-m", "helhet.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.db_independent
def test_production_settings_pass_check_deploy(tmp_path):
    result = run_check(
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-for-the-check-0123456789",
        ALLOWED_HOSTS="helhet.example.no",
        HELHET_DATA_DIR=str(tmp_path),
        HELHET_ACCESS_LOG_KEY="an-access-log-key-from-the-environment-0123456789",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("unset", [{"HELHET_ACCESS_LOG_KEY": ""}, {}])
@pytest.mark.db_independent
def test_production_refuses_to_start_without_an_access_log_key(tmp_path, unset):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HELHET_ACCESS_LOG_KEY")}
    result = subprocess.run(
        [sys.executable, "-m", "helhet.manage", "check"],
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "helhet.config.production",
            "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-for-the-check-0123456789",
            "ALLOWED_HOSTS": "helhet.example.no",
            "HELHET_DATA_DIR": str(tmp_path),
            **unset,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "HELHET_ACCESS_LOG_KEY must be set" in result.stderr


@pytest.mark.db_independent
def test_check_deploy_warns_when_the_access_log_key_is_the_development_default(tmp_path):
    """Settings other than production's (a hand-made module with DEBUG off) still get the warning."""
    (tmp_path / "nokey_settings.py").write_text(
        "from helhet.config.production import *  # noqa\nHELHET_ACCESS_LOG_KEY = ''\n"
    )
    result = run_check(
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-for-the-check-0123456789",
        ALLOWED_HOSTS="helhet.example.no",
        HELHET_DATA_DIR=str(tmp_path),
        HELHET_ACCESS_LOG_KEY="an-access-log-key-from-the-environment-0123456789",
        DJANGO_SETTINGS_MODULE="nokey_settings",
        PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    )
    assert result.returncode != 0
    assert "helhet.W001" in result.stdout + result.stderr


@pytest.mark.db_independent
def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "helhet.manage", "check"],
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "helhet.config.production",
            "HELHET_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_refuses_the_citizen_development_login_outside_debug(settings):
    from helhet.access.checks import citizen_dev_login_check

    settings.DEBUG, settings.HELHET_CITIZEN_DEV_LOGIN = False, True
    assert [error.id for error in citizen_dev_login_check(None)] == ["helhet.E001"]
    settings.HELHET_CITIZEN_DEV_LOGIN = False
    assert citizen_dev_login_check(None) == []
    settings.DEBUG, settings.HELHET_CITIZEN_DEV_LOGIN = True, True  # the demo on a developer's machine
    assert citizen_dev_login_check(None) == []
