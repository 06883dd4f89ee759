"""A stored file lives and dies with the transaction of its row: nothing is left on disk by a
failure, and nothing committed is removed."""

import pytest
from django.db import transaction

from complaints.models import Complaint
from complaints.services import ComplaintChanged
from evidence.models import Evidence, StagedUpload
from evidence.services import evidence_attach, evidence_attach_staged, evidence_stage
from portal.services import material_add
from tests.evidence.conftest import stored_files
from tests.evidence.samples import MP4, image, png_claiming, upload


class Failure(Exception):
    pass


@pytest.mark.django_db
def test_a_failure_after_the_write_leaves_no_file(make_complaint, private_storage):
    complaint = make_complaint()
    with pytest.raises(Failure), transaction.atomic():
        evidence_attach(complaint=complaint, uploads=[upload("截图.jpg", image()), upload("录屏.mp4", MP4)])
        assert len(stored_files(private_storage)) == 2
        raise Failure
    assert stored_files(private_storage) == []
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_add_material_on_a_complaint_changed_meanwhile_leaves_no_file(complaint_in, private_storage):
    stale = complaint_in("awaiting_complainant")
    Complaint.objects.get(pk=stale.pk).save()  # staff saved it after the page was loaded
    with pytest.raises(ComplaintChanged):
        material_add(complaint=stale, text="补充材料", uploads=[upload("短信.png", image("PNG"))])
    assert stored_files(private_storage) == []
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_good_file_then_a_bomb_keeps_the_good_one_only(make_complaint, private_storage):
    complaint = make_complaint()
    result = evidence_attach(
        complaint=complaint,
        uploads=[upload("截图.jpg", image()), upload("bomb.png", png_claiming(30000, 30000))],
    )
    assert [e.original_name for e in result.saved] == ["截图.jpg"]
    assert "bomb.png" in result.refused[0] and "too large" in result.refused[0]
    assert stored_files(private_storage) == [result.saved[0].file.name]


@pytest.mark.django_db
def test_a_bomb_is_not_staged(private_storage):
    kept, refusals = evidence_stage(uploads=[upload("bomb.png", png_claiming(30000, 30000))], owner="s1")
    assert kept == [] and "too large" in refusals[0]
    assert stored_files(private_storage) == [] and not StagedUpload.objects.exists()


@pytest.mark.django_db
def test_a_rolled_back_savepoint_removes_its_files_only(make_complaint, private_storage):
    complaint = make_complaint()
    with transaction.atomic():
        kept = evidence_attach(complaint=complaint, uploads=[upload("a.jpg", image())]).saved[0]
        with pytest.raises(Failure), transaction.atomic():
            evidence_attach(complaint=complaint, uploads=[upload("b.jpg", image())])
            raise Failure
    assert stored_files(private_storage) == [kept.file.name]


@pytest.mark.django_db
def test_a_refused_staged_file_stays_if_the_filing_rolls_back(make_complaint, settings, private_storage):
    (staged,), _ = evidence_stage(uploads=[upload("a.jpg", image())], owner="s1")
    pk, name = staged.pk, staged.file.name
    settings.EVIDENCE_MAX_FILES = 0
    with pytest.raises(Failure), transaction.atomic():
        result = evidence_attach_staged(complaint=make_complaint(), staged=[staged])
        assert "a.jpg" in result.refused[0]
        raise Failure
    assert StagedUpload.objects.get().pk == pk
    assert stored_files(private_storage) == [name]


@pytest.mark.usefixtures("reference_data")
def test_committed_files_are_kept(make_complaint, private_storage):
    import gc

    complaint = make_complaint()
    with transaction.atomic():
        saved = evidence_attach(complaint=complaint, uploads=[upload("a.jpg", image())]).saved
    (staged,), _ = evidence_stage(uploads=[upload("b.jpg", image())], owner="s1")
    gc.collect()
    assert stored_files(private_storage) == sorted([saved[0].file.name, staged.file.name])
