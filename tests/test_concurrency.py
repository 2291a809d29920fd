"""Real concurrent transactions against a running server (prefork workers).

Many clerks register at once: the register must hand out distinct,
contiguous agenda numbers, and no clerk may ever see an error (a lock or
serialization failure surfacing to the client would be a lost registration).
"""

import base64
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from conftest import RPCError

CLIENTS = 16
PER_CLIENT = 25
PDF = base64.b64encode(
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
).decode()


def _make_users(admin, group_xmlid, count, prefix):
    """Create `count` users of a group; password = login."""
    group_id = admin.call_kw(
        "ir.model.data", "check_object_reference", ["surat_menyurat", group_xmlid]
    )[1]
    tag = uuid.uuid4().hex[:6]
    logins = []
    for i in range(count):
        login = f"{prefix}_{tag}_{i}"
        admin.call_kw(
            "res.users",
            "create",
            [
                {
                    "name": f"{prefix} {i}",
                    "login": login,
                    "password": login,
                    "email": f"{login}@example.com",
                    "groups_id": [(6, 0, [group_id])],
                }
            ],
            {"context": {"no_reset_password": True}},
        )
        logins.append(login)
    return logins


def _register_many(client, login, sender_id, count):
    client.authenticate(login, login)
    numbers, errors = [], []
    for i in range(count):
        try:
            letter_id = client.call_kw(
                "surat.letter",
                "create",
                [
                    {
                        "direction": "incoming",
                        "subject": f"Concurrent registration {login} #{i}",
                        "partner_id": sender_id,
                        "letter_number": f"{login}/{i}",
                        "scan_file": PDF,
                        "scan_filename": "scan.pdf",
                    }
                ],
            )
            client.call_kw("surat.letter", "action_register", [[letter_id]])
            numbers.append(
                client.call_kw("surat.letter", "read", [[letter_id], ["agenda_number"]])[0][
                    "agenda_number"
                ]
            )
        except RPCError as e:  # any error is a failure of the register
            errors.append(str(e))
    return numbers, errors


def test_parallel_registrations_get_distinct_contiguous_numbers(admin, new_client):
    """16 clerks x 25 registrations: 400 distinct, contiguous numbers, no error."""
    logins = _make_users(admin, "group_surat_registrar", CLIENTS, "clerk")
    sender_id = admin.call_kw(
        "res.partner",
        "create",
        [{"name": "Pengirim Uji Konkurensi", "is_company": True}],
    )
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [
            pool.submit(_register_many, new_client(), login, sender_id, PER_CLIENT)
            for login in logins
        ]
        results = [f.result() for f in futures]
    numbers = [n for nums, _errors in results for n in nums]
    errors = [e for _nums, errs in results for e in errs]
    assert errors == [], f"{len(errors)} registrations failed, first: {errors[:3]}"
    assert len(numbers) == CLIENTS * PER_CLIENT
    assert len(set(numbers)) == len(numbers), "an agenda number was given twice"
    seqs = sorted(int(re.match(r"(\d+)/", n).group(1)) for n in numbers)
    assert seqs[-1] - seqs[0] + 1 == len(seqs), "the agenda numbers have a gap"
