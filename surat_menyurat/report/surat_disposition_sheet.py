from odoo import api, models


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
