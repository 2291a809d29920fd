from odoo.tests import TransactionCase, tagged

from .common import SuratCommon

GROUPS = ("user", "registrar", "archivist", "head", "manager")
MENUS = {
    "surat_menu_incoming": "Incoming",
    "surat_menu_outgoing": "Outgoing",
    "surat_menu_dispositions": "Dispositions",
    "surat_menu_archive": "Archive",
    "surat_menu_config": "Configuration",
}


@tagged("post_install", "-at_install", "surat_install")
class TestInstallGroups(TransactionCase):
    """What installing the addon sets up: groups, the administrator, seeded data."""

    def test_groups_and_implications(self):
        """The five groups share their own category; all but user imply user."""
        category = self.env.ref("surat_menyurat.module_category_surat")
        group_user = self.env.ref("surat_menyurat.group_surat_user")
        self.assertIn(self.env.ref("base.group_user"), group_user.implied_ids)
        for name in GROUPS:
            group = self.env.ref("surat_menyurat.group_surat_%s" % name)
            with self.subTest(group=name):
                self.assertEqual(group.category_id, category)
                if name != "user":
                    self.assertIn(group_user, group.implied_ids)
                    self.assertIn(group_user, group.trans_implied_ids)

    def test_integration_group_grants_nothing(self):
        """Integration (API) (docs/api.md) adds no right; its members call the external
        API with API keys only, whatever their role."""
        group = self.env.ref("surat_menyurat.group_surat_integration")
        for granted in ("implied_ids", "model_access", "rule_groups", "menu_access"):
            self.assertFalse(group[granted], granted)
        role = self.env.ref("surat_menyurat.group_surat_registrar")
        clerk, scanner = self.env["res.users"].create(
            [
                {"name": login, "login": login, "groups_id": [(6, 0, groups.ids)]}
                for login, groups in (("api_clerk", role), ("api_scanner", role | group))
            ]
        )
        self.assertFalse(clerk._rpc_api_keys_only())
        self.assertTrue(scanner._rpc_api_keys_only())
        self.assertEqual(scanner.groups_id - group, clerk.groups_id)

    def test_admin_is_manager(self):
        """The administrator (base.user_admin) is a manager, hence a user too."""
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("surat_menyurat.group_surat_manager"))
        self.assertTrue(admin.has_group("surat_menyurat.group_surat_user"))
        self.assertFalse(admin.has_group("surat_menyurat.group_surat_head"))

    def test_standard_instructions_seeded(self):
        """The 17 standard instructions of the rule are seeded, active, ordered."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "surat_menyurat"),
                ("model", "=", "surat.disposition.instruction"),
            ]
        )
        self.assertEqual(len(data), 17)
        instructions = self.env["surat.disposition.instruction"].browse(data.mapped("res_id"))
        self.assertEqual(len(instructions.exists()), 17)
        self.assertTrue(all(instructions.mapped("active")))
        self.assertEqual(len(set(instructions.mapped("sequence"))), 17)
        ordered = self.env["surat.disposition.instruction"].search([("id", "in", instructions.ids)])
        self.assertEqual(ordered[0], self.env.ref("surat_menyurat.instruction_catat"))
        self.assertEqual(ordered[-1], self.env.ref("surat_menyurat.instruction_proses"))


@tagged("post_install", "-at_install", "surat_install")
class TestInstallMenus(SuratCommon):
    """Menus: Letters with its five sections, configuration for those who configure."""

    def _visible(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_menu_tree(self):
        """Letters holds Incoming, Outgoing, Dispositions, Archive, Configuration."""
        root = self.env.ref("surat_menyurat.surat_menu_root")
        self.assertEqual(root.with_context(lang="en_US").name, "Letters")
        self.assertFalse(root.parent_id)
        children = root.child_id.sorted("sequence")
        expected = [self.env.ref("surat_menyurat.%s" % xmlid) for xmlid in MENUS]
        self.assertEqual(
            children.filtered(lambda m: m in expected),
            self.env["ir.ui.menu"].concat(*expected),
        )
        for xmlid, name in MENUS.items():
            with self.subTest(menu=xmlid):
                menu = self.env.ref("surat_menyurat.%s" % xmlid)
                self.assertEqual(menu.with_context(lang="en_US").name, name)
                self.assertEqual(menu.parent_id, root)
        incoming = self.env.ref("surat_menyurat.surat_letter_incoming_menu")
        self.assertEqual(incoming.parent_id, self.env.ref("surat_menyurat.surat_menu_incoming"))
        self.assertEqual(incoming.action.res_model, "surat.letter")

    def test_plain_user_sees_letters_not_configuration(self):
        """A plain user sees Letters and Incoming Letters but not Configuration."""
        visible = self._visible(self.staff)
        self.assertIn(self.env.ref("surat_menyurat.surat_menu_root").id, visible)
        self.assertIn(self.env.ref("surat_menyurat.surat_letter_incoming_menu").id, visible)
        self.assertIn(self.env.ref("surat_menyurat.surat_menu_incoming").id, visible)
        self.assertNotIn(self.env.ref("surat_menyurat.surat_menu_config").id, visible)

    def test_configuration_for_manager_and_archivist(self):
        """The manager and the archivist see Configuration."""
        config = self.env.ref("surat_menyurat.surat_menu_config").id
        self.assertIn(config, self._visible(self.manager))
        self.assertIn(config, self._visible(self.archivist))
        self.assertNotIn(config, self._visible(self.head))

    def test_no_menu_without_group(self):
        """An internal user outside the correspondence groups does not see Letters."""
        employee = self.env["res.users"].create(
            {
                "name": "Pegawai Lain",
                "login": "t_other",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        self.assertNotIn(self.env.ref("surat_menyurat.surat_menu_root").id, self._visible(employee))
