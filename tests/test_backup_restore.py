"""`wendbaar backup` and `wendbaar restore` (docs/operations.md): a restored copy has every
row, every uploaded file, an audit log that verifies and a monitor with figures."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from wendbaar.core.actors import SystemActor
from wendbaar.core.selectors import audit_chain_report
from wendbaar.core.services import record_audit_event
from wendbaar.monitor.stored.recompute import compute_analysis
from wendbaar.monitor.stored.store import clear_cache
from wendbaar.monitor.tests.factories import build_world

PHOTO = "stories/2026/11/voortuin.jpg"
PAGE = "/monitor/gebied/BU90010101/referentiegroep/"  # needs the stored analysis


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed
    }


@pytest.fixture
def site(settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MONITOR_ANALYSIS_DIR = tmp_path / "analysis"
    settings.LANGUAGE_CODE = "en"
    clear_cache()
    build_world()
    compute_analysis()
    django_user_model.objects.create_user("bea", "bea@example.nl", "een-lang-wachtwoord")
    for step in range(3):
        record_audit_event(actor=SystemActor("test"), action="thing_done", step=step)
    photo = settings.MEDIA_ROOT / PHOTO
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9")
    yield settings
    clear_cache()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database_and_media_folder(site, tmp_path, client):
    before = row_counts()
    photo = (site.MEDIA_ROOT / PHOTO).read_bytes()
    assert "BU90010201" in client.get(PAGE).content.decode()  # a reference area

    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert set(manifest["files"]) >= {"media.tar.gz"}

    # A new machine: an empty database, no uploaded files, no stored analysis.
    call_command("flush", interactive=False)
    shutil.rmtree(site.MEDIA_ROOT)
    shutil.rmtree(site.MONITOR_ANALYSIS_DIR)
    clear_cache()
    emptied = row_counts()
    assert emptied["areas.Area"] == emptied["core.AuditEvent"] == emptied["accounts.User"] == 0
    assert client.get(PAGE).status_code == 404

    call_command("restore", str(tmp_path / "backup"), interactive=False, stdout=io.StringIO())

    after = row_counts()
    assert after.pop("core.AuditEvent") == before.pop("core.AuditEvent") + 1  # the restore
    assert after == before
    assert (site.MEDIA_ROOT / PHOTO).read_bytes() == photo
    assert audit_chain_report().ok
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "BU90010201" in response.content.decode()  # the analysis was rebuilt


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_backup_is_refused_before_anything_changes(site, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    media = tmp_path / "backup" / "media.tar.gz"
    media.write_bytes(media.read_bytes()[:-10])
    before = row_counts()
    with pytest.raises(CommandError, match=r"media\.tar\.gz: changed or damaged"):
        call_command("restore", str(tmp_path / "backup"), interactive=False)
    assert row_counts() == before
    assert (site.MEDIA_ROOT / PHOTO).is_file()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_never_overwrites_another(site, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds a backup"):
        call_command("backup", str(tmp_path / "backup"))
