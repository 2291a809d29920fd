from odoo import models

HEADERLESS_REPORTS = {
    "surat_menyurat.report_archive_transfer",
    "surat_menyurat.report_archive_disposal",
    "surat_menyurat.report_archive_destruction",
}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        """The archive records carry no running header or footer.

        Odoo always renders the layout's (empty) header and footer and passes them to
        wkhtmltopdf, which Debian's unpatched build refuses with a WARNING; these reports
        need neither, so none is passed.
        """
        bodies, res_ids, header, footer, args = super()._prepare_html(
            html, report_model=report_model
        )
        if self.report_name in HEADERLESS_REPORTS:
            header = footer = None
        return bodies, res_ids, header, footer, args
