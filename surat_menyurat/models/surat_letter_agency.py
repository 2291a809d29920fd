"""Agency to agency in one database (contract.md, "Agency to agency").

The regency runs one server, each agency a company. The clerk addresses an
outgoing letter (or a memo) the usual way, choosing the correspondent: when
the addressee or a copy (tembusan) is an agency of this server (its company's
partner, or a contact of it), sending the letter also delivers it there, as a
draft incoming letter in that agency's registry (``surat.letter.delivery``).
No second "receiving agency" field: the letter says "Kepada: Dinas X", and the
delivery can never go elsewhere than what the letter says.

The receiving letter is linked by ``origin_letter_id`` (set by the system only,
and granting no access across agencies). Its registration sends the receipt
(tanda terima) back to the delivery line of the sending letter.
"""

from odoo import _, api, fields, models

from .surat_const import DELIVERY_STATES, OUTGOING

# the least advanced line decides the letter's delivery state
DELIVERY_RANK = {state: rank for rank, (state, _label) in enumerate(DELIVERY_STATES)}


class SuratLetterFlowAgency(models.AbstractModel):
    _name = "surat.letter.flow.agency"
    _description = "Letter: agency to agency delivery"

    # ------------------------------------------------------------------
    # Who receives it
    # ------------------------------------------------------------------
    def _surat_delivery_targets(self):
        """[(partner, agency, is_copy)]: addressees that are other agencies of this server
        (``agency`` a res.company) or partner agencies on another server (``agency`` a
        surat.partner.agency).

        One entry per agency, the addressee before the copies.
        """
        self.ensure_one()
        # sudo: the addressees of a letter the caller reads; only their ids are used
        letter = self.sudo()
        partners = [(p, False) for p in letter.partner_id] + [
            (p, True) for p in letter.cc_partner_ids
        ]
        if not partners:
            return []
        # sudo: users read only their own agencies; the others' ids and names are
        # what a delivery needs, nothing else is read
        companies = (
            self.env["res.company"]
            # sudo: ids and names of the receiving agencies only (see above)
            .sudo()
            .search([("partner_id", "in", [p.commercial_partner_id.id for p, _c in partners])])
        )
        by_partner = {c.partner_id.id: c for c in companies if c != letter.company_id}
        targets, seen = [], set()
        Remote = self.env["surat.partner.agency"]
        for partner, is_copy in partners:
            company = by_partner.get(partner.commercial_partner_id.id)
            if not company and partner.commercial_partner_id not in companies.partner_id:
                company = Remote._surat_for_partner(partner, letter.company_id)
            if company and (company._name, company.id) not in seen:
                seen.add((company._name, company.id))
                targets.append((partner, company, is_copy))
        return targets

    @api.depends("direction", "partner_id", "cc_partner_ids", "company_id")
    def _compute_delivery_preview(self):
        for letter in self:
            targets = letter._surat_delivery_targets() if letter.direction in OUTGOING else []
            letter.delivery_preview = ", ".join(c.name for _p, c, _cp in targets) or False

    # ------------------------------------------------------------------
    # Sending: every way a letter is sent ends in _deliver_copies
    # ------------------------------------------------------------------
    def _deliver_copies(self):
        res = super()._deliver_copies()
        self._surat_delivery_start()
        return res

    def _surat_delivery_start(self):
        """The letter was sent (sender checked): one line per agency, delivered now."""
        for letter in self.filtered(lambda lt: lt.direction in OUTGOING):
            # sudo: the lines are the system's; the sender was checked by action_send
            known = letter.sudo().delivery_ids
            known = set(known.target_company_id) | set(known.partner_agency_id)
            vals_list = [
                {
                    "letter_id": letter.id,
                    "partner_id": partner.id,
                    "is_copy": is_copy,
                    "transport": "remote" if remote else "local",
                    "target_company_id": not remote and company.id,
                    "partner_agency_id": remote and company.id,
                }
                for partner, company, is_copy in letter._surat_delivery_targets()
                if company not in known
                for remote in [company._name == "surat.partner.agency"]
            ]
            if not vals_list:
                continue
            # sudo: see above; nobody creates a delivery line directly
            lines = self.env["surat.letter.delivery"].sudo().create(vals_list)
            letter._surat_delivery_note(
                _(
                    "Sent electronically to %(agencies)s.",
                    agencies=", ".join(
                        (line.target_company_id or line.partner_agency_id).name for line in lines
                    ),
                )
            )
            lines._surat_deliver()
        return True

    def _surat_refresh_delivery_state(self):
        """The least advanced line's state; a failed line wins; no line: none."""
        for letter in self:
            # sudo: the state of the letter's own lines, whoever moved them
            states = set(letter.sudo().delivery_ids.mapped("state"))
            if not states:
                state = "none"
            elif "failed" in states:
                state = "failed"
            else:
                state = min(states, key=DELIVERY_RANK.get)
            if letter.delivery_state != state:
                letter._surat_flow_write({"delivery_state": state})

    def _surat_delivery_note(self, body):
        """A note of the delivery flow on the letter, by the system (no person of
        the other agency is named as its author)."""
        for letter in self:
            # sudo: posted by the system on the sending letter
            letter.sudo().message_post(
                body=body,
                author_id=self.env.ref("base.partner_root").id,
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Receiving: registration sends the receipt back
    # ------------------------------------------------------------------
    def action_register(self):
        res = super().action_register()
        self._surat_delivery_receipt()
        return res

    def _surat_delivery_receipt(self):
        """The receipt (agenda number, who, when) onto the sending letter's line."""
        self._surat_delivery_receipt_remote()
        for letter in self.filtered(lambda lt: lt.origin_letter_id and lt.state != "draft"):
            line = (
                self.env["surat.letter.delivery"]
                # sudo: the receipt crosses to the sending agency: only this agency's
                # line of the original is found, and only the receipt is written
                .sudo()
                .search(
                    [
                        ("letter_id", "=", letter.origin_letter_id.id),
                        ("target_company_id", "=", letter.company_id.id),
                    ],
                    limit=1,
                )
            )
            line._surat_record_receipt(
                letter.agenda_number,
                letter.registered_by_id.name,
                fields.Datetime.now(),
            )

    def _surat_delivery_receipt_remote(self):
        """The receipt of a letter from another server goes back signed (an outbox:
        retried while that server is down)."""
        for letter in self.filtered(lambda lt: lt.origin_reference and lt.state != "draft"):
            url, _sep, rest = letter.origin_reference.partition(" / ")
            code, _sep, letter_id = rest.rpartition(" / ")
            partner = (
                self.env["surat.partner.agency"]
                # sudo: the partner agency that sent it, to answer it; its secret stays there
                .sudo()
                .search(
                    [
                        ("url", "=", url),
                        ("remote_code", "=", code),
                        ("company_id", "in", [letter.company_id.id, False]),
                    ],
                    order="company_id",
                    limit=1,
                )
            )
            if not partner or not letter_id.isdigit():
                continue
            self.env["surat.agency.outbox"]._surat_queue(
                partner,
                letter,
                {
                    "type": "receipt",
                    "from": letter.company_id.surat_code,
                    "to": code,
                    "letter_id": int(letter_id),
                    "agenda_number": letter.agenda_number,
                    "registered_by": letter.registered_by_id.name,
                    "registered_on": fields.Datetime.to_string(fields.Datetime.now()),
                },
            )
