"""Amounts, dates and choices are typed and read the Indonesian way, and nothing internal reaches the screen."""

from datetime import date

from lindung.fields import RupiahField, TanggalField
from lindung.funding.forms import FunderForm
from lindung.people.forms import PersonForm
from lindung.programmes.forms import ProgrammeYearForm
from lindung.programmes.models import RateSchedule

PASSWORD = "sandi-uji-123"


def test_a_budget_typed_with_dots_is_fifty_million_not_fifty(db):
    for typed in ("50.000.000", "50000000", "Rp 50.000.000"):
        form = FunderForm({"kind": "apbd_kab", "name": "APBD Kukar", "budget": typed, "first_month": 1})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["budget"] == 50_000_000


def test_an_amount_that_could_be_misread_is_refused_with_an_example(db):
    form = FunderForm({"kind": "apbd_kab", "name": "APBD Kukar", "budget": "50,000", "first_month": 1})
    assert not form.is_valid()
    assert "bisa terbaca dua cara" in form.errors["budget"][0] and "50.000.000" in form.errors["budget"][0]


def test_every_amount_field_is_the_one_rupiah_field(db, cast):
    amount_fields = {
        "funder budget": FunderForm().fields["budget"],
        "person income": PersonForm(user=cast.admin).fields["declared_income"],
        "year income": ProgrammeYearForm().fields["declared_income"],
    }
    assert all(isinstance(f, RupiahField) for f in amount_fields.values())


def test_the_preview_says_what_an_amount_field_understood(client, cast):
    client.force_login(cast.operator_a)
    assert client.get("/angka/", {"budget": "Rp 50.000.000"}).content.decode() == (
        '<span class="">Terbaca: Rp 50.000.000</span>'
    )
    refused = client.get("/angka/", {"budget": "1,5"}).content.decode()
    assert refused.startswith('<span class="refused">') and "dua cara" in refused


def test_the_preview_asks_for_a_login_first(client, db):
    assert client.get("/angka/", {"budget": "50.000"}).status_code == 302


def test_dates_are_typed_and_shown_day_first_in_a_text_box(db):
    field = TanggalField()
    assert field.clean("20/09/2021") == date(2021, 9, 20)
    assert field.clean("20-09-2021") == date(2021, 9, 20)
    html = field.widget.render("d", date(2021, 9, 20))
    assert 'type="text"' in html and 'value="20/09/2021"' in html


def test_the_rates_cite_the_regulations_not_notes_or_news_sites(client, cast, year2021):
    source = RateSchedule.objects.get().source
    assert "PP 44/2015" in source and "PP 50/2025" in source
    for internal in ("domain.md", ".co.id", "ntvnews", "kilasriau"):
        assert internal not in source and internal not in year2021.rates_source
    client.login(username="admin", password=PASSWORD)
    page = client.get("/program/2021/").content.decode()
    assert "domain.md" not in page and "PP 44/2015" in page


def test_the_priority_is_asked_in_words(db):
    form = ProgrammeYearForm()
    html = form["priority_1"].as_widget()
    assert ">Nelayan</option>" in html and "Kode pekerjaan" not in str(form)


def test_the_help_page_puts_the_users_own_role_first(client, cast):
    client.force_login(cast.finance)
    page = client.get("/bantuan/").content.decode()
    assert page.index('<section class="card help-role" id="peran-finance">') < page.index('id="peran-operator"')
    assert "Lembar anggaran" in page
