"""Rules of the review chain (paraf) that hold however the chain was made.

The flow builds the chain from the org chart (``_build_review_chain``); the
drafter may edit it by hand. Either way: at most the agency's number of
reviewers, each above the previous one in the org chart unless the agency
(the head) allows any order (company settings).
"""

from odoo import _, models
from odoo.exceptions import ValidationError


class SuratLetterFlowParaf(models.AbstractModel):
    _name = "surat.letter.flow.paraf"
    _description = "Review Chain Rules"

    def _check_review_chain_rules(self):
        for letter in self:
            company = letter.company_id
            # sudo: the whole chain is checked, whoever changed one line of it
            reviews = letter.sudo().review_ids.sorted(lambda r: (r.sequence, r.id))
            limit = company.surat_max_reviewers
            if len(reviews) > limit:
                raise ValidationError(
                    _(
                        "A letter has at most %(max)s reviewers (paraf) in this agency; "
                        "this chain has %(count)s.",
                        max=limit,
                        count=len(reviews),
                    )
                )
            if company.surat_review_any_order:
                continue
            for lower, upper in zip(reviews, reviews[1:], strict=False):
                if not upper.user_id._surat_is_below(lower.user_id, company):
                    raise ValidationError(
                        _(
                            "%(upper)s initials after %(lower)s but is not above him in the "
                            "organisation chart. Order the reviewers from the one nearest to "
                            "the drafter up to the one just below the signer.",
                            upper=upper.user_id.name,
                            lower=lower.user_id.name,
                        )
                    )
