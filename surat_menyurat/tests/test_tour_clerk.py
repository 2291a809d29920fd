from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "surat_tour")
class TestTourClerk(HttpCase):
    """Browser tour on the demo database: the registry clerk opens Surat Masuk."""

    def test_clerk_opens_incoming(self):
        """The demo clerk logs in and sees the demo register in Incoming Letters."""
        clerk = self.env.ref("surat_menyurat.demo_user_agendaris", raise_if_not_found=False)
        self.assertTrue(
            clerk,
            "The demo registry clerk (login 'agendaris') is missing: this tour "
            "runs on a database where surat_menyurat has its demo data.",
        )
        self.assertTrue(clerk.has_group("surat_menyurat.group_surat_registrar"))
        self.assertEqual(clerk.lang, "id_ID")
        letter = self.env.ref("surat_menyurat.demo_letter_se_pusat_data")
        self.assertEqual(letter.state, "registered")
        self.assertRegex(letter.agenda_number, r"^\d+/SM/\d{4}$")
        self.start_tour("/odoo", "surat_clerk_opens_incoming", login=clerk.login)
