from odoo import models

SURAT_REPORT_PREFIX = "surat_menyurat."
LETTER_REPORT = "surat_menyurat.report_surat_letter"
# long registers rendered a chunk of rows at a time (report/surat_agenda_book.py)
CHUNKED_REPORTS = ("surat_menyurat.report_agenda_book",)


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
        """The letter is rendered by the letter itself (surat.letter._render_letter_pdf)."""
        report = self._get_report(report_ref)
        if report.report_name == LETTER_REPORT and res_ids:
            letters = self.env["surat.letter"].browse(res_ids)
            result = letters._render_letter_pdf(), "pdf"
        elif report.report_name in CHUNKED_REPORTS and res_ids:
            helper = self.env["report.%s" % report.report_name]
            result = helper._render_pdf_chunks(report, res_ids, data), "pdf"
        else:
            result = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        self._surat_log_print(report, res_ids)
        return result

    def _render_qweb_html(self, report_ref, docids, data=None):
        result = super()._render_qweb_html(report_ref, docids, data=data)
        self._surat_log_print(self._get_report(report_ref), docids)
        return result

    def _render_qweb_text(self, report_ref, docids, data=None):
        result = super()._render_qweb_text(report_ref, docids, data=data)
        self._surat_log_print(self._get_report(report_ref), docids)
        return result

    def _surat_log_print(self, report, res_ids):
        """Printing a confidential letter (letter, disposition sheet) is logged once
        the document is rendered; the server's own renderings in sudo are not."""
        if report.model == "surat.letter" and res_ids and not self.env.su:
            if isinstance(res_ids, int):
                res_ids = [res_ids]
            self.env["surat.letter"].browse(res_ids)._surat_log_access("print")

    def _build_wkhtmltopdf_args(self, *args, **kwargs):
        """A letter PDF has no script: skip the JavaScript delay (1 s per letter).

        Signing holds the number's index entry until the transaction ends, so
        every second spent rendering makes concurrent signers wait longer.
        """
        command_args = super()._build_wkhtmltopdf_args(*args, **kwargs)
        delay_switch = "--javascript-delay"
        # decided by the report itself (the letter's), never by a context key
        is_letter = len(self) == 1 and self.report_name == "surat_menyurat.report_surat_letter"
        if is_letter and delay_switch in command_args:
            index = command_args.index(delay_switch)
            del command_args[index : index + 2]
            command_args.append("--disable-javascript")
        return command_args
