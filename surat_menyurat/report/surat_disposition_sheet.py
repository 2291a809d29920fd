from odoo import api, models

SHEET = "surat_menyurat.report_disposition_sheet"


class ReportDispositionSheet(models.AbstractModel):
    """The disposition sheet prints only letters the user may read."""

    _name = "report.surat_menyurat.report_disposition_sheet"
    _description = "Disposition Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["surat.letter"].browse(docids)
        # explicit: values already in cache would otherwise skip the record rules
        docs.check_access("read")
        return {"doc_ids": docids, "doc_model": "surat.letter", "docs": docs}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        """The sheet has no header or footer: pass none to wkhtmltopdf.

        Odoo always renders an (empty) header and footer; Debian's wkhtmltopdf,
        built without patched Qt, logs a warning for each. Without them it runs
        silently.
        """
        bodies, res_ids, header, footer, args = super()._prepare_html(
            html, report_model=report_model
        )
        if self.report_name == SHEET:
            header = footer = None
        return bodies, res_ids, header, footer, args
