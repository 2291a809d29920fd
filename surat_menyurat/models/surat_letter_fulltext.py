"""Full-text search of letters (contract.md, "Search").

``fulltext`` is a search-only field: ``('fulltext', 'ilike', 'sertif rapat')``
keeps the letters whose indexed text (``surat_letter_text.tsv``, see
surat_letter_text.py) holds every word of the query as a prefix, stemmed or as
written, or whose letter or agenda number starts with the query once spaces,
slashes, dots and case are ignored. It is a plain condition on ``id``: the
letter's record rules apply as to any other search, so a user never finds,
counts or gets a snippet of a letter he may not read.

With no order asked, results come by relevance (``ts_rank_cd``), when the
query matches at most ``RANK_LIMIT`` letters the user may read; a broader
query (ranking would read every match's vector) lists the newest first. The snippet
(``fulltext_snippet``) highlights the query's words in the letter's text for
the letters the user may read; the list call (``web_search_read``) takes the
words from its own domain, no context key. 16-digit numbers (NIK) are always
masked in snippets.

Broad queries: a query of "hot" words only (words most letters hold, chosen
from the index's statistics; see surat_letter_text.py) is checked on each
letter the list walks through by the letter's bits of hot words, without
reading its vector (``_search``); it then costs about what the plain list costs.
"""

import re

from markupsafe import Markup, escape

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .surat_letter_text import NIK_RE, STOP_WORDS

# above this many matches, results come newest first rather than by relevance
RANK_LIMIT = 500
# up to this many matches, the search passes their ids (see _search_fulltext)
ID_LIMIT = 20000
# the probe for those ids runs when PostgreSQL expects at most this many matches
PROBE_LIMIT = 40000
# of a query matching more, the first this many stand witness that it is broad
# (see _fulltext_broad)
RANK_SAMPLE = 2000
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
    vector (one lookup by letter, as exact as the index). Used only when the
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
    # OFFSET 0: a lookup per letter whose bits do not tell, never a scan of
    # every vector to hash the matching letters (the planner's alternative)
    return SQL(
        "((%s) OR EXISTS (SELECT 1 FROM surat_letter_text t"
        " WHERE t.letter_id = %s AND (%s) OFFSET 0))",
        SQL(" AND ").join(checks),
        SQL.identifier(table, "id"),
        tsquery_match(tsqueries, SQL("t.tsv")),
    )


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
        if operator not in ("=", "ilike") or not isinstance(value, str):
            raise UserError(_("Search the letter contents with words (operators = and ilike)."))
        tsqueries = fulltext_tsquery(self.env, value)
        if tsqueries is None:
            return [("id", "=", 0)]
        # one list call searches the same words up to three times (relevance
        # check, page, count): within it (nothing is written in between) once
        scope = self.env.cr.cache.get("surat_fts_scope")
        if scope is not None and value in scope:
            return scope[value]
        domain, sample = self._fulltext_domain(tsqueries)
        if scope is not None:
            scope[value] = domain
            scope["sample", value] = sample
        return domain

    def _fulltext_domain(self, tsqueries):
        """The domain on ``id`` of the letters matching, and, when more than
        ``ID_LIMIT`` match, the first ``RANK_SAMPLE`` of them found (or None)."""
        self._fulltext_flush()
        match = tsquery_match(tsqueries, SQL.identifier("tsv"))
        # the planner's estimate (from the vectors' statistics) first: for a
        # query it expects broad, the probe below would scan the table and read
        # a vector per row (PostgreSQL does not count that cost) before giving up
        plan = self.env.execute_query(
            SQL("EXPLAIN (FORMAT JSON) SELECT 1 FROM surat_letter_text WHERE %s", match)
        )[0][0]
        estimate = plan[0]["Plan"]["Plan Rows"]
        rows = []
        if estimate <= PROBE_LIMIT:
            rows = self.env.execute_query(
                SQL(
                    "SELECT letter_id FROM surat_letter_text WHERE %s LIMIT %s",
                    match,
                    ID_LIMIT + 1,
                )
            )
        if estimate <= PROBE_LIMIT and len(rows) <= ID_LIMIT:
            # a few matches: their ids, so that PostgreSQL reads just these letters
            # by id (it would rather scan every letter against a subquery); the
            # record rules still apply to them
            return [("id", "in", [row[0] for row in rows])], None
        subquery = SQL("(SELECT letter_id FROM surat_letter_text WHERE %s)", match)
        return [("id", "in", subquery)], [row[0] for row in rows[:RANK_SAMPLE]] or None

    def _fulltext_broad(self, domain):
        """Whether more than ``RANK_LIMIT`` letters the user may read match.

        Counting them under the rules hashes every match of a broad query. When
        each full-text condition matched more than ``ID_LIMIT`` letters, the
        first ones the probe found (_fulltext_domain) are counted instead: if
        more than ``RANK_LIMIT`` of those are readable, so are the matches.
        Otherwise, or outside a list call, the matches are counted.
        """
        scope = self.env.cr.cache.get("surat_fts_scope")
        if scope is not None and not any(isinstance(item, str) and item != "&" for item in domain):
            sampled, samples = [], []
            for leaf in domain:
                if isinstance(leaf, str):
                    continue
                if (
                    len(leaf) == 3
                    and leaf[0] == "fulltext"
                    and leaf[1] in ("=", "ilike")
                    and isinstance(leaf[2], str)
                ):
                    self._search_fulltext("ilike", leaf[2])  # the probe, once per list call
                    samples.append(scope.get(("sample", leaf[2])))
                    leaf = ("id", "in", samples[-1] or [])
                sampled.append(leaf)
            if (
                samples
                and all(samples)
                and self.search_count(sampled, limit=RANK_LIMIT + 1) > RANK_LIMIT
            ):
                return True
        return self.search_count(domain, limit=RANK_LIMIT + 1) > RANK_LIMIT

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A query of hot words (see _hot_condition) is checked on each letter.

        Only for full-text conditions at the top of the domain (ANDed); any
        other stays a condition on ``id`` (_search_fulltext).
        """
        # only '&' operators (as the web client joins its filters): every leaf is ANDed
        leaves = (
            []
            if any(isinstance(item, str) and item != "&" for item in domain or [])
            else [
                leaf
                for leaf in domain or []
                if isinstance(leaf, list | tuple)
                and len(leaf) == 3
                and leaf[0] == "fulltext"
                and leaf[1] in ("=", "ilike")
                and isinstance(leaf[2], str)
            ]
        )
        conditions = {}
        for leaf in leaves:
            self._fulltext_flush()
            condition = _hot_condition(self.env, leaf[2], self._table)
            if condition is not None:
                conditions[id(leaf)] = condition
        if not conditions:
            return super()._search(domain, offset=offset, limit=limit, order=order)
        rest = [leaf for leaf in domain if not isinstance(leaf, str) and id(leaf) not in conditions]
        query = super()._search(rest, offset=offset, limit=limit, order=order)
        if not query.is_empty():
            for condition in conditions.values():
                query.add_where(condition)
        return query

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
        letter_id = SQL.identifier(query.table, "id")
        query.order = SQL(
            "(SELECT ts_rank_cd(t.tsv, %s) FROM surat_letter_text t WHERE t.letter_id = %s)"
            " DESC NULLS LAST, %s DESC",
            tsquery_sql(tsqueries),
            letter_id,
            letter_id,
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
        """The list call of a full-text search in one pass under the rules, or None.

        Odoo's list call walks the matching letters under the record rules up
        to three times (our relevance check, the page, the capped count): for a
        word of 1 % of a million letters, three times ~10,000 letters. Here the
        readable matches, in the list's order and at most as many as the count
        needs, are read once; the relevance order, the page and the count come
        from them. Not for a query of hot words (see _search), whose letters
        the list finds in its own order after a page's worth, nor for a
        query matching more than ``ID_LIMIT`` letters.
        """
        values = _fulltext_values(domain)
        # anything but a page of the list as the web client asks it: Odoo's own path
        numbers = (offset, limit, count_limit)
        if not values or not all(type(n) is int for n in numbers) or min(numbers) < 0:
            return None
        if not limit or not count_limit:
            return None
        cap = max(count_limit, offset + limit, RANK_LIMIT + 1)
        if cap > ID_LIMIT + 1 or not all(isinstance(value, str) for value in values):
            return None
        if any(_hot_condition(self.env, value, self._table) is not None for value in values):
            return None
        # only when each query matches few letters (their ids, see _fulltext_domain):
        # for a broader one, the list finds its page and its count by walking the
        # letters, which a single ordered pass would not (it sorts every match)
        if not all(
            isinstance(self._search_fulltext("ilike", value)[0][2], list) for value in values
        ):
            return None
        # under the record rules (a search as the user), like the page and the count
        ids = list(self._search(domain, order=order or self._order, limit=cap))
        tsqueries = fulltext_tsquery(self.env, " ".join(str(v) for v in values))
        if not order and tsqueries and ids and len(ids) <= RANK_LIMIT:
            # by relevance, as search_fetch does (readable matches only)
            rank = dict(
                self.env.execute_query(
                    SQL(
                        "SELECT letter_id, ts_rank_cd(tsv, %s) FROM surat_letter_text"
                        " WHERE letter_id IN %s",
                        tsquery_sql(tsqueries),
                        tuple(ids),
                    )
                )
            )
            ids.sort(key=lambda i: (rank.get(i) is None, -(rank.get(i) or 0), -i))
        records = self.browse(ids[offset : offset + limit])
        records.fetch([name for name in specification if name in self._fields])
        values_records = records.web_read(specification)
        if not values_records:
            return {"length": 0, "records": []}
        # as _format_web_search_read_results, the count being the ids read (capped)
        length = len(values_records) + offset
        if (len(values_records) == limit and count_limit > length) or self.env.context.get(
            "force_search_count"
        ):
            length = min(len(ids), count_limit)
        return {"length": length, "records": values_records}

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
