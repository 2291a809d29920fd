from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """The letter report is rendered (surat.letter._render_letter_pdf)."""
        report = self._get_report(report_ref)
        if report.report_name == "surat_menyurat.report_surat_letter" and res_ids:
            letters = self.env["surat.letter"].browse(res_ids)
            return letters._render_letter_pdf(), "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
