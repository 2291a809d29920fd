"""18.0.2.2.0: the steps of a disposition cascade no longer flood the letter's followers.

The "Disposition step" subtype of letters is no longer a default one: the next actor
hears of his step through his activity, and only who chooses to follow the cascade
receives each step. Followers of before had it by default: it is taken off them.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM mail_followers_mail_message_subtype_rel rel
              USING mail_followers f, ir_model_data d
              WHERE rel.mail_followers_id = f.id
                AND f.res_model = 'surat.letter'
                AND d.module = 'surat_menyurat'
                AND d.name = 'mt_letter_disposition'
                AND rel.mail_message_subtype_id = d.res_id
        """
    )
