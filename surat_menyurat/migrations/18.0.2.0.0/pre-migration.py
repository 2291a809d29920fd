"""18.0.2.0.0: verification tokens are issued by signing only, and unique.

A token on a letter that was never signed (it could be written by any user
before this version) is removed, and should two letters share a token, all
but the first signed one lose it, so that the unique constraint can be added.
Nothing else moves: the write guard of this version adds no stored field.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE surat_letter
           SET verify_token = NULL
         WHERE verify_token IS NOT NULL
           AND (signed_date IS NULL
                OR state NOT IN ('signed', 'sent', 'in_progress', 'done'))
        """
    )
    cr.execute(
        """
        UPDATE surat_letter l
           SET verify_token = NULL
          FROM (SELECT id, row_number() OVER (PARTITION BY verify_token
                                              ORDER BY signed_date, id) AS rank
                  FROM surat_letter
                 WHERE verify_token IS NOT NULL) d
         WHERE l.id = d.id AND d.rank > 1
        """
    )
    # the unique constraint brings its own index
    cr.execute("DROP INDEX IF EXISTS surat_letter__verify_token_index")
