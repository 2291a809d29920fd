import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import SuratCommon

HEADER = "code\tdescription\tretention_active\tretention_inactive\tfinal_disposition\n"


@tagged("post_install", "-at_install", "surat_retention_import")
class TestRetentionImport(SuratCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Classification = cls.env["surat.classification"]
        cls.kka_a = Classification.create({"code": "998.1", "name": "Uji A"})
        cls.kka_b = Classification.create({"code": "998.2", "name": "Uji B"})
        cls.kka_head = Classification.create({"code": "998", "name": "Uji"})

    def _wizard(self, text, user=None):
        return (
            self.env["surat.retention.import"]
            .with_user(user or self.archivist)
            .create(
                {
                    "data_file": base64.b64encode(text.encode() if isinstance(text, str) else text),
                    "filename": "jra.tsv",
                }
            )
        )

    def _retention(self, record):
        return (
            record.retention_active_years,
            record.retention_inactive_years,
            record.retention_note or False,
            record.final_disposition or False,
        )

    def test_valid_schedule_is_checked_then_applied(self):
        """A clean file is reported, then every code gets its retention, events included."""
        wizard = self._wizard(
            HEADER
            + "998\tUJI\t\t\t\n"
            + "998.1\tUji A\t2 Tahun Setelah Perjanjian Berakhir\t3 Tahun\tPermanen\n"
            + "998.2\tUji B\t1 Tahun\t1 Tahun\tMusnah\n"
        )
        wizard.action_check()
        self.assertEqual((wizard.error_count, wizard.update_count), (0, 2))
        self.assertIn("998.1", wizard.report)
        self.assertEqual(self._retention(self.kka_a), (0, 0, False, False), "check writes nothing")
        wizard.action_apply()
        self.assertEqual(
            self._retention(self.kka_a),
            (2, 3, "Setelah Perjanjian Berakhir", "permanent"),
        )
        self.assertEqual(self._retention(self.kka_b), (1, 1, False, "destroy"))
        self.assertEqual(self._retention(self.kka_head), (0, 0, False, False))

    def test_comma_separated_and_review(self):
        """A CSV file with commas and "Dinilai Kembali" is read too."""
        wizard = self._wizard(
            "code,description,retention_active,retention_inactive,final_disposition\n"
            '998.2,"Uji B, lain",5 Tahun,5 Tahun,Dinilai Kembali\n'
        )
        wizard.action_apply()
        self.assertEqual(self._retention(self.kka_b), (5, 5, False, "review"))

    def test_errors_are_reported_and_nothing_is_written(self):
        """Unknown codes, unreadable periods and duplicates: reported, nothing imported."""
        wizard = self._wizard(
            HEADER
            + "998.1\tUji A\t2 Tahun\t3 Tahun\tMusnah\n"
            + "997.9\tTidak ada\t1 Tahun\t1 Tahun\tMusnah\n"
            + "998.2\tUji B\tselamanya\t1 Tahun\tMusnah\n"
            + "998\tUji\t1 Tahun\t1 Tahun\tMusnah\n"
            + "998\tUji\t2 Tahun\t1 Tahun\tMusnah\n"
        )
        wizard.action_check()
        self.assertEqual(wizard.error_count, 4)
        self.assertIn("unknown code 997.9", wizard.report)
        self.assertIn("unreadable period", wizard.report)
        self.assertIn("appears 2 times", wizard.report)
        with self.assertRaisesRegex(UserError, "nothing was imported"):
            wizard.action_apply()
        self.assertEqual(self._retention(self.kka_a), (0, 0, False, False))

    def test_missing_column(self):
        """A file without the expected columns is refused with the list of what is missing."""
        wizard = self._wizard("kode\turaian\n998.1\tUji\n")
        wizard.action_check()
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("Missing column", wizard.report)

    def test_shipped_sample_unknown_codes_block_import(self):
        """The sample schedule names codes the classification lacks: nothing is written."""
        with open(file_path("surat_menyurat/data/jadwal_retensi_arsip_contoh.tsv"), "rb") as f:
            raw = f.read()
        before = self.env["surat.classification"].search_read([], ["retention_active_years"])
        wizard = self._wizard(raw)
        wizard.action_check()
        self.assertGreater(wizard.error_count, 0)
        self.assertIn("unknown code", wizard.report)
        with self.assertRaises(UserError):
            wizard.action_apply()
        after = self.env["surat.classification"].search_read([], ["retention_active_years"])
        self.assertEqual(before, after)

    def test_only_archivist_imports(self):
        """A plain user cannot import a retention schedule."""
        with self.assertRaises(AccessError):
            self._wizard(HEADER, user=self.staff).action_check()
