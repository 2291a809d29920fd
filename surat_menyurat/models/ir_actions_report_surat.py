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

    def _build_wkhtmltopdf_args(self, *args, **kwargs):
        """A letter PDF has no script: skip the JavaScript delay (1 s per letter).

        Signing holds the number's index entry until the transaction ends, so
        every second spent rendering makes concurrent signers wait longer.
        """
        command_args = super()._build_wkhtmltopdf_args(*args, **kwargs)
        delay_switch = "--javascript-delay"
        if self.env.context.get("surat_letter_pdf") and delay_switch in command_args:
            index = command_args.index(delay_switch)
            del command_args[index : index + 2]
            command_args.append("--disable-javascript")
        return command_args
