from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_path

from odoo.addons.surat_menyurat.tools import classification_data


@tagged("post_install", "-at_install", "surat_data")
class TestClassificationData(TransactionCase):
    """The classification codes and retention loaded at install."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.Classification = cls.env["surat.classification"].with_context(active_test=False)
        cls.expected = classification_data.load(
            file_path(f"surat_menyurat/data/{classification_data.CLASSIFICATION_FILE}"),
            file_path(f"surat_menyurat/data/{classification_data.SCHEDULE_FILE}"),
        )
        cls.codes = cls.Classification.search([("company_id", "=", cls.company.id)])
        cls.by_code = {record.code: record for record in cls.codes}

    def test_all_codes_loaded(self):
        """The 2,981 codes of Permendagri 83/2022 exist for the main company."""
        self.assertEqual(len(self.codes), 2981)
        self.assertEqual(set(self.by_code), {entry["code"] for entry in self.expected.entries})
        self.assertEqual(self.expected.schedule_count, 2976)

    def test_load_a_few_codes(self):
        """Loading a few codes brings their ancestors and nothing else."""
        other = self.env["res.company"].create({"name": "Dinas Sedikit Kode"})
        created = (
            self.env["surat.classification"]
            .with_company(other)
            ._load_default_classifications(codes=["000.1.1"])
        )
        self.assertEqual(sorted(created.mapped("code")), ["000", "000.1", "000.1.1"])
        self.assertEqual(created.filtered(lambda c: c.code == "000.1.1").parent_id.code, "000.1")

    def test_hierarchy(self):
        """Each code hangs under its nearest existing ancestor."""
        self.assertEqual(self.by_code["000.8.3.3"].parent_id, self.by_code["000.8.3"])
        self.assertEqual(self.by_code["000.8.3"].parent_id, self.by_code["000.8"])
        self.assertEqual(self.by_code["000.8"].parent_id, self.by_code["000"])
        self.assertFalse(self.by_code["000"].parent_id)
        roots = self.codes.filtered(lambda record: not record.parent_id)
        self.assertEqual(sorted(roots.mapped("code")), [f"{digit}00" for digit in range(10)])
        # 270.04.05 has neither 270.04 nor 270: it hangs under its main class 200
        self.assertEqual(self.by_code["270.04.05"].parent_id, self.by_code["200"])
        self.assertTrue(self.by_code["270.04.05"].needs_review)
        for record in self.codes:
            parent = classification_data.parent_code(record.code, self.by_code)
            self.assertEqual(record.parent_id.code or None, parent, record.code)
            self.assertTrue(record.parent_path.startswith(record.parent_id.parent_path or ""))

    def test_child_of(self):
        """child_of 000 returns 000 and exactly the codes that start with "000."."""
        found = self.Classification.search([("id", "child_of", self.by_code["000"].id)])
        expected = {code for code in self.by_code if code == "000" or code.startswith("000.")}
        self.assertEqual(set(found.mapped("code")), expected)
        self.assertGreater(len(expected), 100)
        found = self.Classification.search([("id", "child_of", self.by_code["000.8.3"].id)])
        self.assertEqual(
            set(found.mapped("code")),
            {code for code in self.by_code if code == "000.8.3" or code.startswith("000.8.3.")},
        )

    def test_retention(self):
        """Retention is set on exactly the 2,429 shared codes with schedule values."""
        with_retention = self.codes.filtered("final_disposition")
        self.assertEqual(len(with_retention), 2429)
        self.assertEqual(set(with_retention.mapped("code")), set(self.expected.with_retention))
        plain = self.by_code["000.1.1"]  # 1 Tahun / 1 Tahun / Musnah
        self.assertEqual(
            (
                plain.retention_active_years,
                plain.retention_inactive_years,
                plain.final_disposition,
            ),
            (1, 1, "destroy"),
        )
        self.assertFalse(plain.retention_note)
        event = self.by_code["900.1.4.3"]  # 2 Tahun Setelah Perjanjian Pinjaman Berakhir / 3 Tahun
        self.assertEqual((event.retention_active_years, event.retention_inactive_years), (2, 3))
        self.assertEqual(event.retention_note, "Setelah Perjanjian Pinjaman Berakhir")
        self.assertEqual(event.final_disposition, "permanent")
        exception = self.by_code["800.1.3.2"]  # Musnah, kecuali SK Masuk Berkas Perseorangan
        self.assertEqual(exception.final_disposition, "destroy")
        self.assertEqual(exception.final_disposition_note, "kecuali SK Masuk Berkas Perseorangan")
        heading = self.by_code["000.5.2"]  # a heading of the schedule, without values
        self.assertFalse(heading.final_disposition)
        self.assertEqual((heading.retention_active_years, heading.retention_inactive_years), (0, 0))

    def test_value_parsing(self):
        """Periods and final dispositions in their various spellings are read."""
        parse_period = classification_data.parse_period
        self.assertEqual(parse_period("2 Tahun"), (2, ""))
        self.assertEqual(
            parse_period(" 3  tahun sejak Perda Disahkan"), (3, "sejak Perda Disahkan")
        )
        self.assertEqual(parse_period(""), (None, ""))
        self.assertEqual(parse_period("Permanen"), (None, "Permanen"))
        parse = classification_data.parse_disposition
        self.assertEqual(parse("Musnah"), ("destroy", ""))
        self.assertEqual(parse("Permanen"), ("permanent", ""))
        # the sample schedule has no "Dinilai kembali": other schedules do
        self.assertEqual(parse("Dinilai kembali"), ("review", ""))
        self.assertEqual(parse("DINILAI KEMBALI"), ("review", ""))
        self.assertEqual(parse("Musnah (Kecuali Laporan)"), ("destroy", "Kecuali Laporan"))
        self.assertEqual(parse(""), (None, ""))

    def test_names(self):
        """Names cut short take the schedule's text; different subjects are marked."""
        lengthened = self.by_code["200.2.1"]
        self.assertEqual(
            lengthened.name,
            "Kebijakan di Bidang Pemilu yang Dilakukan oleh Pemerintah Daerah",
        )
        self.assertEqual(self.by_code["800.2"].name, "Pendidikan dan Pelatihan (DIKLAT)")
        marked = self.codes.filtered("needs_review")
        self.assertTrue(marked)
        self.assertEqual(sorted(marked.mapped("code")), sorted(self.expected.review_codes))
        # swapped rows: "Pengembangan Sarana" / "Pengembangan Prasarana"
        swapped = self.by_code["500.18.9.2"]
        self.assertTrue(swapped.needs_review)
        self.assertEqual(swapped.name, "Pengembangan Sarana")
        self.assertEqual(swapped.description, "Pengembangan Prasarana")
        self.assertIn("Pengembangan Prasarana", swapped.review_note)
        self.assertEqual(swapped.final_disposition, "destroy")
        # an abbreviation is not a different subject: "Rakor" / "Rapat Koordinasi"
        self.assertFalse(self.by_code["400.3.3.6"].needs_review)
        self.assertEqual(self.by_code["400.3.3.6"].description, "Rapat Koordinasi")
        self.assertTrue(
            classification_data.same_subject("Sarana dan Prasarana", "Prasarana dan Sarana")
        )
        self.assertFalse(
            classification_data.same_subject("Pengembangan Impor", "Pengendalian Impor")
        )

    def test_reload_is_idempotent(self):
        """Loading again creates nothing and keeps the administrators' edits."""
        self.by_code["000.1.1"].write(
            {"name": "Telekomunikasi Kantor", "retention_active_years": 4}
        )
        self.by_code["000.1.2"].action_archive()
        created = self.env["surat.classification"]._load_default_classifications()
        self.assertFalse(created)
        self.assertEqual(
            self.Classification.search_count([("company_id", "=", self.company.id)]),
            2981,
        )
        self.assertEqual(self.by_code["000.1.1"].name, "Telekomunikasi Kantor")
        self.assertEqual(self.by_code["000.1.1"].retention_active_years, 4)

    def test_reload_fills_missing_codes(self):
        """A deleted code is created again under its parent; the others are kept."""
        leaf = self.by_code["000.8.3.3"]
        leaf.unlink()
        created = self.env["surat.classification"]._load_default_classifications()
        self.assertEqual(created.mapped("code"), ["000.8.3.3"])
        self.assertEqual(created.parent_id, self.by_code["000.8.3"])

    def test_code_unique_per_company(self):
        """A code exists once per company; another company may use it."""
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.Classification.create(
                {"code": "000", "name": "Umum", "company_id": self.company.id}
            )
        other = self.env["res.company"].create({"name": "Dinas Lain"})
        record = self.Classification.create({"code": "000", "name": "Umum", "company_id": other.id})
        self.assertEqual(record.company_id, other)

    def test_load_for_another_company(self):
        """The loader fills a second agency with its own tree."""
        other = self.env["res.company"].create({"name": "Dinas Lain"})
        created = (
            self.env["surat.classification"].with_company(other)._load_default_classifications()
        )
        self.assertEqual(len(created), 2981)
        self.assertEqual(created.company_id, other)
        self.assertEqual(created.parent_id.company_id, other)

    def test_constraints(self):
        """No cycles in the tree, no negative retention, no spaces in a code."""
        with self.assertRaises(ValidationError):
            self.by_code["000"].parent_id = self.by_code["000.8.3.3"]
        with self.assertRaises(ValidationError):
            self.by_code["000.1.1"].retention_active_years = -1
        with self.assertRaises(ValidationError):
            self.Classification.create({"code": "000 1", "name": "Spasi"})

    def test_display_name_and_search(self):
        """The display name is "code name"; it can be searched by code, name or both."""
        record = self.by_code["000.8.3.3"]
        self.assertEqual(record.display_name, "000.8.3.3 Standar Operasional Prosedur")
        Classification = self.env["surat.classification"]
        for text in ("000.8.3.3", "Standar Operasional Prosedur", record.display_name):
            self.assertIn(
                record.id,
                [id_ for id_, _name in Classification.name_search(text, operator="=")],
            )

    def test_import(self):
        """The standard import takes the parent by code or by display name."""
        result = self.env["surat.classification"].load(
            [
                "code",
                "name",
                "parent_id",
                "retention_active_years",
                "final_disposition",
            ],
            [
                ["999", "Lain-lain", "", "", ""],
                ["999.1", "Arsip Khusus", "999", "2", "Permanent"],
                [
                    "999.1.1",
                    "Arsip Sangat Khusus",
                    "999.1 Arsip Khusus",
                    "1",
                    "destroy",
                ],
            ],
        )
        self.assertEqual(result["messages"], [])
        records = self.env["surat.classification"].browse(result["ids"])
        self.assertEqual([record.parent_id.code for record in records], [False, "999", "999.1"])
        self.assertEqual(
            [record.final_disposition for record in records],
            [False, "permanent", "destroy"],
        )
        self.assertEqual(records[0].company_id, self.env.company)
