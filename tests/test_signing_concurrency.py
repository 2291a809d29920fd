"""Parallel signers of one unit share one yearly counter without gaps or errors."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from conftest import RPCError
from test_concurrency import _make_users

SIGNERS = 8
PER_SIGNER = 25


def _sign_many(client, login, department_id, classification_id, count):
    client.authenticate(login, login)
    numbers, errors = [], []
    for i in range(count):
        try:
            letter_id = client.call_kw(
                "surat.letter",
                "create",
                [
                    {
                        "direction": "outgoing",
                        "subject": f"Surat uji {login} #{i}",
                        "body": "<p>Dengan hormat,</p>",
                        "department_id": department_id,
                        "classification_id": classification_id,
                        "signer_id": client.uid,
                    }
                ],
            )
            client.call_kw("surat.letter", "action_submit", [[letter_id]])
            client.call_kw("surat.letter", "action_sign", [[letter_id]])
            numbers.append(
                client.call_kw("surat.letter", "read", [[letter_id], ["letter_number"]])[0][
                    "letter_number"
                ]
            )
        except RPCError as e:
            errors.append(str(e))
    return numbers, errors


def test_parallel_signers_get_distinct_contiguous_numbers(admin, new_client):
    """8 signers x 25 letters of one unit and year: 200 distinct, contiguous numbers."""
    company_id = admin.call_kw("res.users", "read", [[admin.uid], ["company_id"]])[0]["company_id"][
        0
    ]
    admin.call_kw("res.company", "write", [[company_id], {"surat_number_scope": "department"}])
    code = "UJI" + uuid.uuid4().hex[:4].upper()
    department_id = admin.call_kw(
        "hr.department", "create", [{"name": f"Unit Uji {code}", "code": code}]
    )
    classification_id = admin.call_kw(
        "surat.classification", "search", [[("code", "=", "000.1.1")]], {"limit": 1}
    )[0]
    logins = _make_users(admin, "group_surat_user", SIGNERS, "signer")
    with ThreadPoolExecutor(max_workers=SIGNERS) as pool:
        futures = [
            pool.submit(
                _sign_many,
                new_client(),
                login,
                department_id,
                classification_id,
                PER_SIGNER,
            )
            for login in logins
        ]
        results = [f.result() for f in futures]
    numbers = [n for nums, _errors in results for n in nums]
    errors = [e for _nums, errs in results for e in errs]
    assert errors == [], f"{len(errors)} signatures failed, first: {errors[:3]}"
    assert len(numbers) == SIGNERS * PER_SIGNER
    assert len(set(numbers)) == len(numbers), "a letter number was given twice"
    pattern = re.compile(r"^000\.1\.1/(\d+)/%s/\d{4}$" % code)
    seqs = sorted(int(pattern.match(n).group(1)) for n in numbers)
    assert seqs == list(range(1, len(seqs) + 1)), "the letter numbers have a gap"
