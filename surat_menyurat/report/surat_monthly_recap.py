"""The head's monthly recap: letters received, disposed, finished and late,
per processing unit and classification.

Counted under the reader's record rules: a letter he may not read is not
counted (the head reads every letter of his agency).
"""

from collections import defaultdict

from odoo import api, models
from odoo.tools import split_every

CHUNK = 5000


class ReportMonthlyRecap(models.AbstractModel):
    _name = "report.surat_menyurat.report_monthly_recap"
    _description = "Monthly Recap"

    @api.model
    def _recap_lines(self, letter_ids):
        """[(unit, [(classification, counts)], unit counts)] and the totals.

        counts = [received, disposed, finished, late]; "late": a disposition of
        the letter was not (or will not be) reported by its deadline.
        """
        Disposition = self.env["surat.disposition"]
        table = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
        for chunk in split_every(CHUNK, letter_ids):
            disposed = {
                letter.id
                for [letter] in Disposition._read_group([("letter_id", "in", chunk)], ["letter_id"])
            }
            late = {
                letter.id
                for [letter] in Disposition._read_group(
                    [("letter_id", "in", chunk), ("is_on_time", "=", False)], ["letter_id"]
                )
            }
            for letter in self.env["surat.letter"].browse(chunk):
                unit = letter.department_id.name or "-"
                classification = letter.classification_id
                code = (
                    "%s %s" % (classification.code, classification.name) if classification else "-"
                )
                counts = table[unit][code]
                counts[0] += 1
                counts[1] += letter.id in disposed
                counts[2] += letter.state == "done"
                counts[3] += letter.id in late
            self.env.invalidate_all()
        lines = []
        totals = [0, 0, 0, 0]
        for unit in sorted(table):
            unit_counts = [0, 0, 0, 0]
            rows = sorted(table[unit].items())
            for _code, counts in rows:
                unit_counts = [a + b for a, b in zip(unit_counts, counts, strict=True)]
            totals = [a + b for a, b in zip(totals, unit_counts, strict=True)]
            lines.append((unit, rows, unit_counts))
        return lines, totals

    @api.model
    def _get_report_values(self, docids, data=None):
        wizard = self.env["surat.agenda.book.wizard"].browse(docids[:1])
        wizard.check_access("read")
        lines, totals = self._recap_lines(wizard._letter_ids())
        return {
            "doc_ids": docids,
            "doc_model": "surat.agenda.book.wizard",
            "docs": wizard,
            "subtitle": wizard._subtitle(),
            "lines": lines,
            "totals": totals,
        }
