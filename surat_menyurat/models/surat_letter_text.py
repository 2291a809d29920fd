"""The text of a letter, one row per letter, and its full-text index.

The text is kept apart from ``surat_letter`` so that the letter table stays
narrow at a million rows (list pages and counts never read the text). Users
have no access to this model: the letter shows its text through ``ocr_text``
only to those who may read the letter, and searches go through
``surat.letter``'s ``fulltext`` field, under the letter's record rules.

The search vector is on the letter's row (``surat_letter.tsv``, stored out of
line so the row stays narrow, with its GIN index): one pass over the letters
both matches the words and applies the record rules. It is not an ORM field:
PostgreSQL triggers keep it up to date whenever the letter's subject, summary,
numbers or correspondent, its scan text, its dispositions' notes and reports,
the correspondent's name or the agency's NIK setting change, whoever writes
(ORM, SQL, imports).

Words: the text is lower-cased, cut into letters-and-digits words, and
Indonesian stop words are dropped (PostgreSQL's ``indonesian`` configuration
has no stop-word list and a stop-word file cannot be installed from an addon,
so the list lives in the SQL function ``surat_fts_words`` and, for queries, in
``STOP_WORDS`` below; the two must stay equal). Each word is indexed twice:
stemmed by our configuration ``surat_id`` (a copy of ``indonesian``) and as
written (``simple``), so that "kirim" finds "dikirimkan" and every prefix of a
written word finds it ("pemberit" finds "pemberitahuan", whose stem is
"itahu"). Letter and agenda numbers are also indexed whole, without spaces,
slashes or dots. 16-digit numbers (NIK) are left out unless the agency allows.
"""

from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists

# Keep in sync with the SQL function surat_fts_words below.
STOP_WORDS = frozenset(
    """yang dan di ke dari untuk dengan ini itu pada dalam atau oleh akan adalah juga
    tersebut sebagai bahwa ada kepada agar serta karena bagi telah dapat para
    the of and""".split()
)

# a word at least this share of the letters hold is "hot" (see surat_fts_hot)
HOT_FREQ = 0.2

# A 16-digit number not glued to other digits: a national ID number (NIK).
NIK_RE = r"(?<![0-9])[0-9]{16}(?![0-9])"

_FUNCTIONS = r"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'surat_id') THEN
        CREATE TEXT SEARCH CONFIGURATION surat_id (COPY = pg_catalog.indonesian);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION surat_fts_mask(doc text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT regexp_replace(doc, '%(nik)s', '****************', 'g')
$f$;

CREATE OR REPLACE FUNCTION surat_fts_words(doc text, keep_nik boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT regexp_replace(
        regexp_replace(
            CASE WHEN keep_nik THEN lower(coalesce(doc, ''))
                 ELSE regexp_replace(lower(coalesce(doc, '')), '%(nik)s', ' ', 'g') END,
            '[^[:alnum:]]+', ' ', 'g'),
        '\m(%(stop)s)\M', ' ', 'g')
$f$;

CREATE OR REPLACE FUNCTION surat_fts_vector(doc text, keep_nik boolean, weight "char")
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT setweight(to_tsvector('surat_id', w) || to_tsvector('simple', w), weight)
      FROM (SELECT surat_fts_words(doc, keep_nik) AS w) s
$f$;

CREATE OR REPLACE FUNCTION surat_fts_number(num text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN n = '' THEN ARRAY[]::text[] ELSE ARRAY[n] END
      FROM (SELECT regexp_replace(lower(coalesce(num, '')), '[^[:alnum:]]+', '', 'g') AS n) s
$f$;

-- the letter's vector, from its row (before it is written: NEW) and what it names
CREATE OR REPLACE FUNCTION surat_letter_vector(l surat_letter) RETURNS tsvector
LANGUAGE sql STABLE AS $f$
    SELECT surat_fts_vector(concat_ws(' ', l.subject, l.letter_number, l.agenda_number),
                            co.nik, 'A')
        || surat_fts_vector(concat_ws(' ', (SELECT p.name FROM res_partner p
                                             WHERE p.id = l.partner_id), l.summary),
                            co.nik, 'B')
        || surat_fts_vector((SELECT t.ocr_text FROM surat_letter_text t
                              WHERE t.letter_id = l.id), co.nik, 'C')
        || surat_fts_vector((SELECT string_agg(concat_ws(' ', d.note, d.report), ' ')
                               FROM surat_disposition d WHERE d.letter_id = l.id), co.nik, 'D')
        || setweight(array_to_tsvector(ARRAY(SELECT DISTINCT unnest(
               surat_fts_number(l.letter_number) || surat_fts_number(l.agenda_number)))), 'A')
      FROM (SELECT coalesce((SELECT c.surat_fulltext_nik FROM res_company c
                              WHERE c.id = l.company_id), false) AS nik) co
$f$;

-- a letter's vector made again (its text, dispositions or correspondent changed)
CREATE OR REPLACE FUNCTION surat_letter_reindex(lid integer) RETURNS void
LANGUAGE sql AS $f$
    UPDATE surat_letter l SET tsv = surat_letter_vector(l) WHERE l.id = lid
$f$;

-- the letter: its vector follows its own fields, its hot bits its vector
CREATE OR REPLACE FUNCTION surat_letter_fts_trg() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.subject IS DISTINCT FROM OLD.subject
        OR NEW.summary IS DISTINCT FROM OLD.summary
        OR NEW.letter_number IS DISTINCT FROM OLD.letter_number
        OR NEW.agenda_number IS DISTINCT FROM OLD.agenda_number
        OR NEW.partner_id IS DISTINCT FROM OLD.partner_id
        OR NEW.company_id IS DISTINCT FROM OLD.company_id THEN
        NEW.tsv := surat_letter_vector(NEW);
    END IF;
    NEW.surat_fts_hot := surat_fts_hot_mask(NEW.tsv);
    RETURN NEW;
END
$f$;
DROP TRIGGER IF EXISTS surat_letter_fts ON surat_letter;
CREATE TRIGGER surat_letter_fts
    BEFORE INSERT OR UPDATE OF subject, summary, letter_number, agenda_number, partner_id,
        company_id, tsv
    ON surat_letter FOR EACH ROW EXECUTE FUNCTION surat_letter_fts_trg();

-- every letter has its text row
CREATE OR REPLACE FUNCTION surat_letter_text_row_trg() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO surat_letter_text (letter_id) VALUES (NEW.id) ON CONFLICT (letter_id) DO NOTHING;
    RETURN NULL;
END
$f$;
DROP TRIGGER IF EXISTS surat_letter_text_row ON surat_letter;
CREATE TRIGGER surat_letter_text_row AFTER INSERT ON surat_letter
    FOR EACH ROW EXECUTE FUNCTION surat_letter_text_row_trg();

-- the scan text
CREATE OR REPLACE FUNCTION surat_letter_text_tsv_trg() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.letter_id IS DISTINCT FROM OLD.letter_id THEN
        PERFORM surat_letter_reindex(OLD.letter_id);
    END IF;
    IF TG_OP = 'UPDATE' OR NEW.ocr_text IS NOT NULL THEN
        PERFORM surat_letter_reindex(NEW.letter_id);
    END IF;
    RETURN NULL;
END
$f$;
DROP TRIGGER IF EXISTS surat_letter_text_tsv ON surat_letter_text;
CREATE TRIGGER surat_letter_text_tsv AFTER INSERT OR UPDATE OF ocr_text, letter_id
    ON surat_letter_text FOR EACH ROW EXECUTE FUNCTION surat_letter_text_tsv_trg();

-- disposition notes and reports
CREATE OR REPLACE FUNCTION surat_disposition_fts_trg() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM surat_letter_reindex(OLD.letter_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.letter_id IS DISTINCT FROM OLD.letter_id)
    THEN
        PERFORM surat_letter_reindex(NEW.letter_id);
    END IF;
    RETURN NULL;
END
$f$;
DROP TRIGGER IF EXISTS surat_disposition_fts ON surat_disposition;
CREATE TRIGGER surat_disposition_fts
    AFTER INSERT OR DELETE OR UPDATE OF note, report, letter_id
    ON surat_disposition FOR EACH ROW EXECUTE FUNCTION surat_disposition_fts_trg();

-- the correspondent's name
CREATE OR REPLACE FUNCTION surat_partner_fts_trg() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name THEN
        UPDATE surat_letter l SET tsv = surat_letter_vector(l) WHERE l.partner_id = NEW.id;
    END IF;
    RETURN NULL;
END
$f$;
DROP TRIGGER IF EXISTS surat_partner_fts ON res_partner;
CREATE TRIGGER surat_partner_fts AFTER UPDATE OF name ON res_partner
    FOR EACH ROW EXECUTE FUNCTION surat_partner_fts_trg();

-- the most frequent words of the index ("hot"), one bit each, and on each
-- letter the bits of those its vector holds: a query made only of hot words
-- (they match most letters) checks the letters the list walks through by these
-- bits, without reading each letter's vector (see surat_letter_fulltext.py)
CREATE TABLE IF NOT EXISTS surat_fts_hot (
    bit smallint PRIMARY KEY CHECK (bit BETWEEN 0 AND 62),
    lexeme text NOT NULL UNIQUE,
    query tsquery NOT NULL,
    freq real NOT NULL
);

-- the vector read once (``v @@ h.query`` per hot word would read it 63 times)
CREATE OR REPLACE FUNCTION surat_fts_hot_mask(v tsvector) RETURNS bigint
LANGUAGE sql STABLE AS $f$
    SELECT coalesce(bit_or(1::bigint << h.bit), 0)
      FROM unnest(tsvector_to_array(v)) w JOIN surat_fts_hot h ON h.lexeme = w
$f$;

-- new hot words (or none): every letter's bits are computed again, at once
CREATE OR REPLACE FUNCTION surat_fts_hot_set(lexemes text[], freqs real[]) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    DELETE FROM surat_fts_hot;
    INSERT INTO surat_fts_hot (bit, lexeme, query, freq)
    SELECT (i - 1)::smallint, w, quote_literal(w)::tsquery, f
      FROM unnest(lexemes[1:63], freqs[1:63]) WITH ORDINALITY u(w, f, i);
    UPDATE surat_letter l SET surat_fts_hot = m.mask
      FROM (SELECT id, surat_fts_hot_mask(tsv) AS mask FROM surat_letter) m
     WHERE m.id = l.id AND l.surat_fts_hot IS DISTINCT FROM m.mask;
END
$f$;

-- the agency allows (or stops allowing) NIK search: its letters are indexed again
CREATE OR REPLACE FUNCTION surat_company_fts_trg() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.surat_fulltext_nik IS DISTINCT FROM OLD.surat_fulltext_nik THEN
        UPDATE surat_letter l SET tsv = surat_letter_vector(l) WHERE l.company_id = NEW.id;
    END IF;
    RETURN NULL;
END
$f$;
DROP TRIGGER IF EXISTS surat_company_fts ON res_company;
CREATE TRIGGER surat_company_fts AFTER UPDATE OF surat_fulltext_nik ON res_company
    FOR EACH ROW EXECUTE FUNCTION surat_company_fts_trg();

-- before 18.0.2.3.0 the vector was on the text row (see _surat_fts_setup)
DROP TRIGGER IF EXISTS surat_letter_text_hot ON surat_letter_text;
DROP FUNCTION IF EXISTS surat_letter_text_hot_trg();
DROP FUNCTION IF EXISTS surat_letter_tsv(integer, text);
""" % {"nik": NIK_RE, "stop": "|".join(sorted(STOP_WORDS))}


class SuratLetterText(models.Model):
    """The scan text of one letter (no user access: see module doc)."""

    _name = "surat.letter.text"
    _description = "Letter Text"
    _rec_name = "letter_id"
    _log_access = False

    letter_id = fields.Many2one(
        comodel_name="surat.letter", required=True, ondelete="cascade", readonly=True
    )
    ocr_text = fields.Text(readonly=True)
    # hash of the normalised text: duplicate scans (same text, another file)
    ocr_hash = fields.Char(readonly=True, index="btree_not_null")
    ocr_attempts = fields.Integer(readonly=True)
    ocr_retry_at = fields.Datetime(readonly=True)

    def init(self):
        # after every table of the module exists (letters, dispositions, the
        # company's setting): the functions and triggers name them
        self.pool.post_init(self._surat_fts_setup)

    def _surat_fts_setup(self):
        cr = self.env.cr
        # letters inserted in bulk by SQL (imports, migrations) have no file to read yet
        cr.execute("ALTER TABLE surat_letter ALTER COLUMN ocr_state SET DEFAULT 'none'")
        # not an ORM field: bits of the hot words the letter's vector holds (see
        # _FUNCTIONS); 0 = none known, the letter's vector is then read
        cr.execute(
            "ALTER TABLE surat_letter ADD COLUMN IF NOT EXISTS surat_fts_hot bigint "
            "NOT NULL DEFAULT 0"
        )
        cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS surat_letter_text_letter_uniq "
            "ON surat_letter_text (letter_id)"
        )
        # letters recorded before this model existed
        # (an anti-join: ON CONFLICT alone tried, and refused, a million inserts
        # at each update of a large database)
        cr.execute(
            "INSERT INTO surat_letter_text (letter_id) SELECT l.id FROM surat_letter l "
            "WHERE NOT EXISTS (SELECT 1 FROM surat_letter_text t WHERE t.letter_id = l.id) "
            "ON CONFLICT (letter_id) DO NOTHING"
        )
        # the search vector is on the letter's row: one pass over the letters
        # both matches the words and applies the record rules (see
        # surat_letter_fulltext.py). Stored out of line (EXTERNAL), the row
        # stays narrow; the GIN index finds the rows without reading vectors.
        added = not column_exists(cr, "surat_letter", "tsv")
        if added:
            cr.execute("ALTER TABLE surat_letter ADD COLUMN tsv tsvector")
            cr.execute("ALTER TABLE surat_letter ALTER COLUMN tsv SET STORAGE EXTERNAL")
        if column_exists(cr, "surat_letter_text", "tsv"):
            # before 18.0.2.3.0 the vector was on the text row: moved, not rebuilt
            cr.execute("DROP TRIGGER IF EXISTS surat_letter_fts ON surat_letter")
            cr.execute(
                "UPDATE surat_letter l SET tsv = t.tsv FROM surat_letter_text t "
                "WHERE t.letter_id = l.id AND l.tsv IS NULL"
            )
            cr.execute("ALTER TABLE surat_letter_text DROP COLUMN tsv")
        cr.execute(_FUNCTIONS)
        if added:
            # the vectors the triggers did not make (letters without a text row)
            cr.execute("UPDATE surat_letter l SET tsv = surat_letter_vector(l) WHERE l.tsv IS NULL")
        cr.execute(
            "CREATE INDEX IF NOT EXISTS surat_letter_tsv_idx ON surat_letter USING gin (tsv)"
        )
        if added:
            # the vectors' statistics: the search's estimates read them (see
            # surat_letter_fulltext.py) before autovacuum next passes
            cr.execute("ANALYZE surat_letter")
        # scans uploaded before OCR existed: read by the next run of the cron
        cr.execute(
            """UPDATE surat_letter SET ocr_state = 'pending'
                WHERE ocr_state = 'none' AND id IN (
                    SELECT res_id FROM ir_attachment
                     WHERE res_model = 'surat.letter' AND res_field = 'scan_file')"""
        )

    def _surat_fts_hot_refresh(self, lexemes=None):
        """Choose the hot words again and recompute every letter's bits.

        By default the words at least ``HOT_FREQ`` of the letters hold, from
        PostgreSQL's own statistics of the vectors (its most common elements,
        kept by ANALYZE): no scan of the texts. ``lexemes`` ({word: share})
        sets them instead (tests). The bits only let a search skip reading a
        vector that surely matches: results never depend on them.
        """
        if lexemes is None:
            rows = self.env.execute_query(
                SQL(
                    """SELECT e, f FROM pg_stats s,
                              unnest(s.most_common_elems::text::text[],
                                     s.most_common_elem_freqs) u(e, f)
                        WHERE s.tablename = 'surat_letter' AND s.attname = 'tsv'
                          AND s.schemaname = current_schema() AND e IS NOT NULL
                          AND f >= %s
                        ORDER BY f DESC, e LIMIT 63""",
                    HOT_FREQ,
                )
            )
            lexemes = dict(rows)
        self.env["surat.letter"].flush_model()
        self.flush_model()
        self.env.execute_query(
            SQL(
                "SELECT surat_fts_hot_set(%s::text[], %s::real[])",
                list(lexemes),
                list(lexemes.values()),
            )
        )
