"""Full-text search of letters (contract.md, "Search").

``fulltext`` is a search-only field: ``('fulltext', 'ilike', 'sertif rapat')``
keeps the letters whose search vector (``surat_letter.tsv``, see
surat_letter_text.py) holds every word of the query as a prefix, stemmed or as
written, or whose letter or agenda number starts with the query once spaces,
slashes, dots and case are ignored. It is a condition on the letter's own row:
the letter's record rules apply in the same pass, as to any other search, so a
user never finds, counts or gets a snippet of a letter he may not read.

With no order asked, results come by relevance (``ts_rank_cd``), when the
query matches at most ``RANK_LIMIT`` letters the user may read; a broader
query (ranking would read every match's vector) lists the newest first. The snippet
(``fulltext_snippet``) highlights the query's words in the letter's text for
the letters the user may read; the list call (``web_search_read``) takes the
words from its own domain, no context key. 16-digit numbers (NIK) are always
masked in snippets.

How the list finds its page (``_fulltext_web_search_read``): one pass reads
the readable matches the GIN index finds, in the table's order, and stops
after ``ID_LIMIT`` of them (or the count limit, if higher):

- fewer: they are all the readable matches; sorted, they give the page, the
  relevance order and the count;
- more: the count is reached and the list comes newest first; its page is
  found by walking the letters in the list's order, each one's vector read,
  which stops after a page (a word of many letters finds one soon);
- "hot" words only (words most letters hold, chosen from the index's
  statistics; see surat_letter_text.py): the same walk for the page and the
  count, each letter checked by the bits of the hot words it holds, without
  reading its vector (``_search``).
"""

import re

from markupsafe import Markup, escape

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.models import regex_order
from odoo.tools import SQL

from .surat_letter_text import NIK_RE, STOP_WORDS

# above this many matches, results come newest first rather than by relevance
RANK_LIMIT = 500
# up to this many readable matches, the list reads them all in one pass (module doc)
ID_LIMIT = 20000
# a query PostgreSQL expects to match more letters is read only up to the count limit
PROBE_LIMIT = 40000
# a query of hot words only that this share of the letters match (estimated from
# the words' shares) is checked on the letters by their hot bits (see _search)
HOT_SHARE = 0.8


def query_words(value):
    """The query's words: lower-cased letters-and-digits runs, stop words left out."""
    words = re.findall(r"[^\W_]+", str(value or "").lower())
    return [w for w in dict.fromkeys(words) if w not in STOP_WORDS]


def fulltext_tsquery(env, value):
    """The tsquery texts (one or two) of a query string, or None when it has no word.

    Every word as a prefix, written or stemmed (``'kirim':* | 'dikirimkan':*``),
    all of them (AND); a single letter as a whole word. When the query holds a
    digit, the alternative of a letter or agenda number starting with the
    query's letters and digits run together.
    The two parts are separate conditions (``tsv @@ a OR tsv @@ b``): one GIN
    scan each, so a common word in an AND never scans the whole index.
    """
    words = query_words(value)
    if not words:
        return None
    # a word's stem depends on the text-search configuration only: kept for the
    # cursor (one list call searches, counts and highlights the same words)
    stems = env.cr.cache.setdefault("surat_fts_stems", {})
    missing = [w for w in words if w not in stems]
    if missing:
        stems.update(
            env.execute_query(
                SQL("SELECT w, to_tsquery('surat_id', w)::text FROM unnest(%s::text[]) w", missing)
            )
        )
    parts = []
    for word in words:
        stem = (stems.get(word) or "").strip().strip("'")
        forms = {word, stem} if re.fullmatch(r"[^\W_]+", stem) else {word}
        # a single letter ("B" of "B - 4242") is a word of its own: as a prefix
        # it would match a good part of the index and find nearly everything
        suffix = ":*" if len(word) > 1 else ""
        parts.append("(%s)" % " | ".join("'%s'%s" % (form, suffix) for form in sorted(forms)))
    tsqueries = [" & ".join(parts)]
    number = "".join(re.findall(r"[^\W_]+", str(value).lower()))
    if re.search(r"\d", number) and number not in words:
        tsqueries.append("'%s':*" % number)
    return tsqueries


def tsquery_sql(tsqueries):
    """One tsquery for ranking and highlighting."""
    return SQL("%s::tsquery", " | ".join("(%s)" % q for q in tsqueries))


def tsquery_match(tsqueries, column):
    """The match condition: one ``@@`` per part, ORed."""
    return SQL(" OR ").join(SQL("%s @@ %s::tsquery", column, q) for q in tsqueries)


def tsquery_walk(tsqueries, column):
    """The match condition checked letter by letter: the function behind ``@@``,
    which the GIN index does not serve, so that PostgreSQL walks the letters in
    the list's order and stops at a page rather than reading every match."""
    return SQL(
        "(%s)",
        SQL(" OR ").join(SQL("ts_match_vq(%s, %s::tsquery)", column, q) for q in tsqueries),
    )


def query_forms(tsqueries):
    """The words (as written and stemmed) a query looks for, to highlight them."""
    return sorted(set(re.findall(r"'([^']+)'", " ".join(tsqueries))), key=len, reverse=True)


def make_snippet(text, forms, before=60, after=140, fragments=2):
    """The passages of ``text`` around the words starting with one of ``forms``,
    those words in ``<mark>``; 16-digit numbers (NIK) masked first.

    Built in Python from the letter's text (PostgreSQL's ts_headline parses the
    whole text of every row: ~1 ms per letter, 80 ms a page).
    """
    text = re.sub(NIK_RE, "*" * 16, text or "")
    alternatives = "|".join(re.escape(f) for f in forms)
    found = list(re.finditer(r"(?<![^\W_])(?:%s)[^\W_]*" % alternatives, text, re.I))
    if not found:
        # a match through the stem only ("kirim" in "dikirimkan")
        found = list(re.finditer(r"[^\W_]*(?:%s)[^\W_]*" % alternatives, text, re.I))
    if not found:
        return None
    windows = []
    for match in found:
        if windows and match.start() < windows[-1][1]:
            continue
        if len(windows) == fragments:
            break
        a = text.rfind(" ", 0, max(0, match.start() - before)) + 1
        b = text.find(" ", match.end() + after)
        windows.append((a, len(text) if b < 0 else b))
    parts = []
    for a, b in windows:
        out, pos = ["… " if a else ""], a
        for match in found:
            if match.start() >= b:
                break
            if match.start() >= a and match.end() <= b:
                out += [
                    escape(text[pos : match.start()]),
                    "<mark>",
                    escape(match.group()),
                    "</mark>",
                ]
                pos = match.end()
        out += [escape(text[pos:b]), " …" if b < len(text) else ""]
        # every piece of the letter's text is escaped: only our <mark> is markup
        parts.append("".join(out))
    return Markup(" ".join(parts))


def _fulltext_values(domain):
    """The values of the domain's fulltext conditions."""
    return [
        leaf[2]
        for leaf in domain or []
        if isinstance(leaf, list | tuple) and len(leaf) == 3 and leaf[0] == "fulltext"
    ]


def _hot_condition(env, value, table):
    """The SQL condition of a query of hot words on the letters of ``table``, or None.

    Hot words (``surat_fts_hot``) are those most letters hold; each letter keeps
    the bits of those its vector holds (``surat_letter.surat_fts_hot``). A letter
    whose bits hold, for every word of the query, a hot word it is a prefix of
    surely matches: its vector is not read. Any other letter is checked on its
    vector (on its row, as exact as the index). Used only when the
    query's words are all hot and together match at least ``HOT_SHARE`` of
    the letters: the list then walks its letters in its own order and finds a
    page, or 10,001 for the capped count, after about as many letters.
    """
    tsqueries = fulltext_tsquery(env, value)
    if not tsqueries or len(tsqueries) > 1:
        return None
    hot = env.execute_query(SQL("SELECT bit, lexeme, freq FROM surat_fts_hot"))
    if not hot:
        return None
    share, checks = 1.0, []
    for term in tsqueries[0].split(" & "):
        forms = re.findall(r"'([^']+)'(:\*)?", term)
        bits, freq = 0, 0.0
        for bit, lexeme, lexeme_freq in hot:
            if any(lexeme == f or (prefix and lexeme.startswith(f)) for f, prefix in forms):
                bits |= 1 << bit
                freq = max(freq, lexeme_freq)
        if not bits:
            return None
        share *= freq
        checks.append(SQL("(%s & %s) <> 0", SQL.identifier(table, "surat_fts_hot"), bits))
    if share < HOT_SHARE:
        return None
    # the vector of a letter whose bits do not tell, read on its row (not through
    # the index: the letters come in the list's order)
    return SQL(
        "((%s) OR %s)",
        SQL(" AND ").join(checks),
        tsquery_walk(tsqueries, SQL.identifier(table, "tsv")),
    )


def _top_leaves(domain):
    """The domain's full-text leaves that are ANDed at its top (as the web
    client joins its filters), or none when it holds another operator."""
    if any(isinstance(item, str) and item != "&" for item in domain or []):
        return []
    return [
        leaf
        for leaf in domain or []
        if isinstance(leaf, list | tuple)
        and len(leaf) == 3
        and leaf[0] == "fulltext"
        and leaf[1] in ("=", "ilike")
        and isinstance(leaf[2], str)
    ]


class SuratLetterFlowFulltext(models.AbstractModel):
    _name = "surat.letter.flow.fulltext"
    _description = "Letter: full-text search"

    def _compute_fulltext(self):
        for letter in self:
            letter.fulltext = False

    def _fulltext_flush(self):
        """Write pending changes: the triggers then bring the vectors up to date."""
        self.env["surat.letter"].flush_model()
        self.env["surat.disposition"].flush_model(["note", "report", "letter_id"])
        self.env["surat.letter.text"].flush_model()
        self.env["res.partner"].flush_model(["name"])
        self.env["res.company"].flush_model(["surat_fulltext_nik"])

    def _search_fulltext(self, operator, value):
        """A full-text condition under an OR or a NOT (those at the top of the
        domain are conditions on the letter's row, see _search)."""
        if operator not in ("=", "ilike") or not isinstance(value, str):
            raise UserError(_("Search the letter contents with words (operators = and ilike)."))
        tsqueries = fulltext_tsquery(self.env, value)
        if tsqueries is None:
            return [("id", "=", 0)]
        self._fulltext_flush()
        match = tsquery_match(tsqueries, SQL.identifier("tsv"))
        return [("id", "in", SQL("(SELECT id FROM surat_letter WHERE %s)", match))]

    def _fulltext_expected(self, tsqueries):
        """How many letters PostgreSQL expects to match (from the vectors'
        statistics, whoever may read them): only chooses how the list finds
        its page, never shown to the user."""
        match = tsquery_match(tsqueries, SQL.identifier("tsv"))
        plan = self.env.execute_query(
            SQL("EXPLAIN (FORMAT JSON) SELECT 1 FROM surat_letter WHERE %s", match)
        )[0][0]
        return plan[0]["Plan"]["Plan Rows"]

    def _fulltext_order_columns(self, order):
        """The letter's columns the list order names, or None when it names
        anything else (a many2one sorts by another table, a translated field
        by a language)."""
        columns = []
        for part in order.split(","):
            found = regex_order.match(part)
            name = found and found["field"].strip('"')
            field = self._fields.get(name) if found and not found["property"] else None
            if (
                not field
                or not field.store
                or not field.column_type
                or field.type == "many2one"
                or field.translate
                or field.company_dependent
            ):
                return None
            columns.append(name)
        return list(dict.fromkeys(["id", *columns]))

    def _fulltext_broad(self, domain):
        """Whether more than ``RANK_LIMIT`` letters the user may read match."""
        return self.search_count(domain, limit=RANK_LIMIT + 1) > RANK_LIMIT

    def _fulltext_search(self, domain, offset=0, limit=None, order=None, walk=False):
        """``_search`` with the top-level full-text leaves as conditions on the
        letter's row, checked in the same pass as the record rules.

        ``walk``: each letter's vector read in the list's order (tsquery_walk),
        for a page of a query matching many letters; otherwise the GIN index
        finds the matches. A query of hot words is checked by the letters'
        bits (_hot_condition).
        """
        conditions = {}
        for leaf in _top_leaves(domain):
            tsqueries = fulltext_tsquery(self.env, leaf[2])
            if tsqueries is None:
                continue  # no word: _search_fulltext finds nothing
            self._fulltext_flush()
            column = SQL.identifier(self._table, "tsv")
            condition = _hot_condition(self.env, leaf[2], self._table)
            if condition is None:
                condition = (tsquery_walk if walk else tsquery_match)(tsqueries, column)
            conditions[id(leaf)] = SQL("(%s)", condition)
        parent = super()
        if not conditions:
            return parent._search(domain, offset=offset, limit=limit, order=order)
        rest = [leaf for leaf in domain if not isinstance(leaf, str) and id(leaf) not in conditions]
        query = parent._search(rest, offset=offset, limit=limit, order=order)
        if not query.is_empty():
            for condition in conditions.values():
                query.add_where(condition)
        return query

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Full-text conditions at the top of the domain (ANDed) are checked on
        the letter's row (_fulltext_search); any other goes through _search_fulltext."""
        return self._fulltext_search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        """Without an order, a full-text search comes by relevance."""
        values = [] if order else _fulltext_values(domain)
        tsqueries = values and fulltext_tsquery(self.env, " ".join(str(v) for v in values))
        # ranking reads every match's vector: for a broad query (a word most
        # letters contain) the newest come first instead (counted under the rules)
        if not tsqueries or self._fulltext_broad(domain):
            return super().search_fetch(domain, field_names, offset, limit, order)
        query = self._search(domain, offset=offset, limit=limit, order=self._order)
        if query.is_empty():
            return self.browse()
        query.order = SQL(
            "ts_rank_cd(%s, %s) DESC NULLS LAST, %s DESC",
            SQL.identifier(query.table, "tsv"),
            tsquery_sql(tsqueries),
            SQL.identifier(query.table, "id"),
        )
        return self._fetch_query(query, self._determine_fields_to_fetch(field_names))

    def _compute_fulltext_snippet(self):
        # a record read on its own has no search: the list call fills the column
        for letter in self:
            letter.fulltext_snippet = False

    def _fulltext_snippets(self, terms, read=False):
        """{letter id: snippet} of the query `terms` for the letters the user may read.

        ``read``: the caller has just read these letters as the user (the list's
        own page, web_read checked each): not checked again.
        """
        tsqueries = isinstance(terms, str) and fulltext_tsquery(self.env, terms)
        snippets = {}
        # a list without a full-text search: no snippet, no query
        letters = self if read else self - self._surat_unreadable()
        ids = tsqueries and [i for i in letters._ids if isinstance(i, int)]
        if ids:
            self._fulltext_flush()
            # only letters the real user may read (checked above)
            rows = self.env.execute_query(
                SQL(
                    """
                SELECT l.id, concat_ws(' … ', l.subject, l.summary, t.ocr_text,
                           (SELECT string_agg(concat_ws(' ', d.note, d.report), ' … ')
                              FROM surat_disposition d WHERE d.letter_id = l.id))
                  FROM surat_letter l
                  LEFT JOIN surat_letter_text t ON t.letter_id = l.id
                 WHERE l.id IN %s
                    """,
                    tuple(ids),
                )
            )
            forms = query_forms(tsqueries)
            snippets = {letter_id: make_snippet(text, forms) for letter_id, text in rows}
        return snippets

    def _fulltext_web_search_read(self, domain, specification, offset, limit, order, count_limit):
        """The list call of a full-text search, or None for Odoo's own path.

        Odoo's list call walks the matching letters under the record rules up
        to three times (our relevance check, the page, the capped count). Here
        one pass reads, in the table's order, the readable matches the index
        finds, with the columns the list sorts by, and stops after
        ``ID_LIMIT`` of them (or the count limit, if higher):

        - fewer: they are all the readable matches; sorted, they give the
          page, the relevance order and the count;
        - more: the count is reached, the list comes newest first (or in the
          order asked), and its page is found by walking the letters in the
          list's order (``walk``: each letter's vector read, not the index),
          which stops after a page.

        Not for a query of hot words, whose page and count Odoo's path finds
        by walking the letters and checking their bits (_search), nor for an
        order by another table.
        """
        values = _fulltext_values(domain)
        # anything but a page of the list as the web client asks it: Odoo's own path
        numbers = (offset, limit, count_limit)
        if not values or not all(type(n) is int for n in numbers) or min(numbers) < 0:
            return None
        if not limit or not count_limit:
            return None
        # as many readable matches as the count, the page and the relevance need
        cap = max(count_limit, offset + limit, RANK_LIMIT + 1)
        if len(_top_leaves(domain)) != len(values):
            return None
        ranked = not order
        order = order or self._order
        columns = self._fulltext_order_columns(order)
        if columns is None:
            return None
        if any(_hot_condition(self.env, value, self._table) is not None for value in values):
            return None
        parts = [fulltext_tsquery(self.env, value) for value in values]
        if not all(parts):
            return None
        self._fulltext_flush()
        # at least as many as the count needs: past them, the count is reached;
        # of a query PostgreSQL expects broad, no more
        most = cap
        if all(self._fulltext_expected(tsqueries) <= PROBE_LIMIT for tsqueries in parts):
            most = max(ID_LIMIT, cap)
        # under the record rules (a search as the user), like the page and the count
        query = self._search(domain, limit=most + 1)
        if query.is_empty():
            return {"length": 0, "records": []}
        alias = SQL.identifier(query.table)
        # sorted only when they are all the readable matches
        found, ids = self.env.execute_query(
            SQL(
                """WITH m AS MATERIALIZED (%s)
                   SELECT (SELECT count(*) FROM m), ARRAY(
                       SELECT %s.id FROM m AS %s
                        WHERE (SELECT count(*) FROM m) <= %s ORDER BY %s)""",
                query.select(*(SQL.identifier(query.table, c) for c in columns)),
                alias,
                alias,
                most,
                self._order_to_sql(order, query),
            )
        )[0]
        total = found
        if found > most:
            # more than the count needs, and than RANK_LIMIT: newest first. The walk
            # follows the list's own index; any other order sorts the matches the
            # GIN index finds (a walk would read every letter's vector to sort them)
            total = cap
            walk = order == self._order
            page = list(self._fulltext_search(domain, offset, limit, order, walk=walk))
        else:
            if ranked and ids and len(ids) <= RANK_LIMIT:
                # by relevance, as search_fetch does (readable matches only)
                rank = dict(
                    self.env.execute_query(
                        SQL(
                            "SELECT id, ts_rank_cd(tsv, %s) FROM surat_letter WHERE id IN %s",
                            tsquery_sql(fulltext_tsquery(self.env, " ".join(values))),
                            tuple(ids),
                        )
                    )
                )
                ids.sort(key=lambda i: (rank.get(i) is None, -(rank.get(i) or 0), -i))
            page = ids[offset : offset + limit]
        return self._surat_page_result(page, total, specification, offset, limit, count_limit)

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        """The list's snippet column highlights the words of the list's own search."""
        wants = "fulltext_snippet" in specification
        if wants:
            specification = {k: v for k, v in specification.items() if k != "fulltext_snippet"}
        cache = self.env.cr.cache
        outer = "surat_fts_scope" in cache
        cache.setdefault("surat_fts_scope", {})
        try:
            result = self._fulltext_web_search_read(
                domain, specification, offset, limit, order, count_limit
            )
            if result is None:
                result = super().web_search_read(
                    domain,
                    specification,
                    offset=offset,
                    limit=limit,
                    order=order,
                    count_limit=count_limit,
                )
        finally:
            if not outer:
                cache.pop("surat_fts_scope", None)
        if wants:
            terms = " ".join(str(v) for v in _fulltext_values(domain) if isinstance(v, str))
            records = result["records"]
            # the page the list found under the user's rules (and web_read read)
            snippets = self.browse([r["id"] for r in records])._fulltext_snippets(terms, read=True)
            for record in records:
                record["fulltext_snippet"] = snippets.get(record["id"]) or False
        return result
