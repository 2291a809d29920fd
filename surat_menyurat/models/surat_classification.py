import logging
import re
import time
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.misc import file_path

from ..tools import classification_data

_logger = logging.getLogger(__name__)

_CODE_RE = re.compile(r"^\S+$")


class SuratClassification(models.Model):
    """Archive classification code (Kode Klasifikasi Arsip, KKA) with its retention.

    The codes of Permendagri 83/2022 and a sample retention schedule (JRA) are loaded
    once, at install, by ``_load_default_classifications``; administrators and
    archivists edit them afterwards (upgrades never reload them) or import their own
    list.
    """

    _name = "surat.classification"
    _description = "Archive Classification Code"
    _parent_name = "parent_id"
    _parent_store = True
    _order = "code"
    _rec_names_search = ["code", "name"]
    _check_company_auto = True

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=False)
    parent_id = fields.Many2one(
        comodel_name="surat.classification",
        string="Parent Code",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    child_ids = fields.One2many(
        comodel_name="surat.classification",
        inverse_name="parent_id",
        string="Sub-codes",
    )
    parent_path = fields.Char(index=True)
    description = fields.Text(
        help="The retention schedule's description of this code, when it differs from the name.",
    )
    retention_active_years = fields.Integer(
        string="Active Retention (years)",
        help="Years a file of this code stays in the processing unit (active archive).",
    )
    retention_inactive_years = fields.Integer(
        string="Inactive Retention (years)",
        help="Years it then stays in the records centre (inactive archive).",
    )
    retention_note = fields.Char(
        string="Retention Starts",
        help="The event the retention period starts from, when it is not the closing "
        'date of the file, e.g. "Setelah Perjanjian Berakhir".',
    )
    final_disposition = fields.Selection(
        selection=[
            ("destroy", "Destroy"),
            ("permanent", "Permanent"),
            ("review", "Re-appraise"),
        ],
        help="Nasib akhir: destroy (Musnah), keep permanently and hand over to the "
        "regional archive (Permanen), or re-appraise (Dinilai kembali).",
    )
    final_disposition_note = fields.Char(
        string="Disposition Exception",
        help='What the final disposition excepts, e.g. "kecuali SK Masuk Berkas Perseorangan".',
    )
    needs_review = fields.Boolean(
        help="The classification and the retention schedule seem to describe different "
        "subjects for this code, or the code does not fit the hierarchy: check it.",
    )
    review_note = fields.Text()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A classification code must be unique per agency.",
        ),
    ]

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A classification code cannot be its own ancestor."))

    @api.constrains("retention_active_years", "retention_inactive_years")
    def _check_retention_years(self):
        for classification in self:
            if (
                classification.retention_active_years < 0
                or classification.retention_inactive_years < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Retention periods cannot be negative (code %(code)s): "
                        "enter a number of years, 0 or more.",
                        code=classification.code,
                    )
                )

    @api.constrains("code")
    def _check_code(self):
        for classification in self:
            if not _CODE_RE.match(classification.code or ""):
                raise ValidationError(
                    self.env._(
                        "A classification code cannot contain spaces: %(code)r.",
                        code=classification.code,
                    )
                )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for classification in self:
            classification.display_name = " ".join(
                filter(None, [classification.code, classification.name])
            )

    @api.model
    def _search_display_name(self, operator, value):
        """Also match the display name itself, "code name", as exported by Odoo."""
        domain = super()._search_display_name(operator, value)
        if operator in ("=", "ilike", "=ilike", "like", "=like") and isinstance(value, str):
            code, _sep, name = value.strip().partition(" ")
            if name.strip():
                domain = expression.OR(
                    [domain, [("code", "=", code), ("name", operator, name.strip())]]
                )
        return domain

    def write(self, vals):
        if vals.get("parent_id") and self:
            # parent_path would refuse the cycle with a bare "Recursion Detected."
            parent = self.browse(vals["parent_id"])
            looping = self.with_context(active_test=False).search(
                [("id", "child_of", self.ids), ("id", "=", parent.id)], limit=1
            )
            if looping:
                raise ValidationError(
                    self.env._(
                        "Code %(parent)s cannot be the parent of %(codes)s: "
                        "it is one of its sub-codes, or the code itself.",
                        parent=parent.code,
                        codes=", ".join(self.mapped("code")),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------ loading
    @api.model
    def _load_default_classifications(self, codes=None):
        """Create the codes shipped with the addon for the current company.

        Reads ``data/klasifikasi_arsip_permendagri_83_2022.tsv`` and
        ``data/jadwal_retensi_arsip_contoh.tsv`` (merged by
        ``tools/classification_data.py``), and creates the codes the company does not
        have yet (archived ones included), parents first, one ``create`` per level of
        the tree. Codes that exist are left as they are, so calling it again creates
        nothing. With ``codes``, only those codes and their ancestors (tests need a
        few, not 2,981). Returns the created records.
        """
        started = time.perf_counter()
        company = self.env.company
        result = classification_data.load(
            file_path(f"surat_menyurat/data/{classification_data.CLASSIFICATION_FILE}"),
            file_path(f"surat_menyurat/data/{classification_data.SCHEDULE_FILE}"),
        )
        model = self.with_context(active_test=False).with_company(company)
        ids_by_code = {
            record.code: record.id
            for record in model.search_fetch([("company_id", "=", company.id)], ["code"])
        }
        entries = result.entries
        if codes is not None:
            by_code = {entry["code"]: entry for entry in entries}
            wanted = set()
            for code in codes:
                while code and code not in wanted and code in by_code:
                    wanted.add(code)
                    code = by_code[code]["parent_code"]
            entries = [entry for entry in entries if entry["code"] in wanted]
        by_depth = defaultdict(list)
        for entry in entries:
            if entry["code"] not in ids_by_code:
                by_depth[entry["depth"]].append(entry)
        created = self.browse()
        for depth in sorted(by_depth):
            vals_list = []
            for entry in by_depth[depth]:
                vals = {
                    key: entry[key]
                    for key in (
                        "code",
                        "name",
                        "description",
                        "retention_active_years",
                        "retention_inactive_years",
                        "retention_note",
                        "final_disposition",
                        "final_disposition_note",
                        "needs_review",
                        "review_note",
                    )
                }
                vals["parent_id"] = ids_by_code.get(entry["parent_code"], False)
                vals["company_id"] = company.id
                vals_list.append(vals)
            records = model.create(vals_list)
            ids_by_code.update(zip(records.mapped("code"), records.ids, strict=False))
            created |= records
        _logger.info(
            "Loaded %d archive classification codes (%d marked for review) for %s in %.2f s",
            len(created),
            len(created.filtered("needs_review")),
            company.name,
            time.perf_counter() - started,
        )
        return created
