from odoo import models

SURAT_REPORT_PREFIX = "surat_menyurat."


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        """The addon's reports carry no running header or footer.

        Odoo always renders the layout's (empty) header and footer and passes them to
        wkhtmltopdf, which Debian's unpatched build refuses with a WARNING; these reports
        need neither, so none is passed.
        """
        bodies, res_ids, header, footer, args = super()._prepare_html(
            html, report_model=report_model
        )
        if (self.report_name or "").startswith(SURAT_REPORT_PREFIX):
            header = footer = None
        return bodies, res_ids, header, footer, args

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """Printing a confidential letter is written in the access log."""
        result = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        report = self._get_report(report_ref)
        if report.model == "surat.letter" and res_ids:
            letters = self.env["surat.letter"].browse(res_ids)
            letters._surat_logged()._surat_log_access("print")
        return result
