"""End-to-end in headless chromium: an agency editor signs in, finds the open round, submits a
proposal (with a word-limit error fixed on the way) and sees it in their list."""

import pytest

from innovations.models import Innovation
from tests.factories import AgencyEditorFactory, InnovationFactory

from .factories import competition_with_stages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_agency_editor_submits_a_proposal_in_the_browser(live_server, page, tmp_path):
    competition = competition_with_stages(name="KIPP Uji Peramban", slug="kipp-uji-peramban")
    editor = AgencyEditorFactory(username="editor.peramban")
    InnovationFactory(agency=editor.agency, title="Sekolah Lapang Iklim Desa")
    document = tmp_path / "proposal.pdf"
    document.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")

    page.goto(f"{live_server.url}/kompetisi/")
    page.get_by_role("link", name="KIPP Uji Peramban").click()
    page.wait_for_url(f"**/kompetisi/{competition.slug}/")
    current = page.locator('[aria-current="step"]')
    assert "Pendaftaran" in current.inner_text()

    page.goto(f"{live_server.url}/kompetisi/{competition.slug}/proposal/baru/")
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("Nama pengguna").fill("editor.peramban")
    page.get_by_label("Sandi").fill("rahasia-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"**/kompetisi/{competition.slug}/proposal/baru/")

    page.get_by_label("Entri katalog instansi Anda").select_option(
        label="Sekolah Lapang Iklim Desa"
    )
    page.get_by_label("Permasalahan").fill("Gagal panen.")
    page.get_by_label("Gagasan dan kebaruan").fill(
        "Petani belajar membaca prakiraan cuaca bersama."
    )
    page.get_by_label("Dokumen proposal").set_input_files(str(document))
    page.get_by_role("button", name="Ajukan").click()
    assert page.get_by_text("terlalu pendek: 2 kata; minimal 5 kata").is_visible()

    page.get_by_label("Permasalahan").fill("Petani sering gagal panen karena musim sulit ditebak.")
    page.get_by_label("Dokumen proposal").set_input_files(str(document))
    page.get_by_role("button", name="Ajukan").click()
    page.wait_for_url(f"**/kompetisi/{competition.slug}/proposal/")
    assert page.get_by_role("cell", name="Sekolah Lapang Iklim Desa").is_visible()
    assert Innovation.objects.get(title="Sekolah Lapang Iklim Desa").competition_proposals.exists()
