import base64

from odoo import api, models


class IrAttachment(models.Model):
    """Files of a letter are checked by content, however they are uploaded."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (
                vals.get("res_model") == "surat.letter"
                and vals.get("type", "binary") == "binary"
                and not vals.get("res_field")  # the letter checks its scan field itself
            ):
                raw = vals.get("raw")
                if raw is None and vals.get("datas"):
                    raw = base64.b64decode(vals["datas"])
                if raw is not None:
                    self._surat_check_letter_file(
                        vals.get("res_id"), raw, vals.get("name")
                    )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("res_model") == "surat.letter" or (
            {"raw", "datas"} & set(vals)
            and any(a.res_model == "surat.letter" for a in self)
        ):
            for attachment in self:
                if (
                    vals.get("res_model", attachment.res_model) != "surat.letter"
                    or (vals.get("type") or attachment.type) != "binary"
                    or vals.get(
                        "res_field", attachment.res_field
                    )  # the letter checks its scan
                ):
                    continue
                if "raw" in vals:
                    raw = vals["raw"] or b""
                elif vals.get("datas"):
                    raw = base64.b64decode(vals["datas"])
                else:
                    raw = attachment.raw or b""
                if not raw:
                    # emptying a file (an approved disposal) is not an upload
                    continue
                self._surat_check_letter_file(
                    vals.get("res_id", attachment.res_id),
                    raw,
                    vals.get("name", attachment.name),
                )
        return super().write(vals)

    @api.model
    def _surat_check_letter_file(self, letter_id, raw, name):
        # sudo: only the letter's agency is read, to apply its file rules
        letter = self.env["surat.letter"].sudo().browse(letter_id or [])
        letter = letter.exists() or self.env["surat.letter"].sudo()
        if isinstance(raw, str):
            raw = raw.encode()
        letter._check_file_content(base64.b64encode(raw), name)
