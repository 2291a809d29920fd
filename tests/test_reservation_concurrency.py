"""Signers and registry clerks reserving numbers share one counter: no number twice, no gap."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from conftest import RPCError
from test_concurrency import _make_users
from test_signing_concurrency import _sign_many

WORKERS = 4
PER_WORKER = 15


def _reserve_many(client, login, department_id, count):
    client.authenticate(login, login)
    seqs, errors = [], []
    for _i in range(count):
        try:
            wizard_id = client.call_kw(
                "surat.number.reserve",
                "create",
                [{"mode": "reserve", "count": 1, "department_id": department_id}],
            )
            action = client.call_kw("surat.number.reserve", "action_confirm", [[wizard_id]])
            claim_ids = action["domain"][0][2]
            for claim in client.call_kw(
                "surat.number.reservation", "read", [claim_ids, ["register_seq", "suffix"]]
            ):
                seqs.append(claim["register_seq"])
        except RPCError as e:
            errors.append(str(e))
    return seqs, errors


def test_reservations_and_signatures_share_the_counter(admin, new_client):
    """4 signers and 4 clerks at once: letters and reserved numbers never collide or leave gaps."""
    company_id = admin.call_kw("res.users", "read", [[admin.uid], ["company_id"]])[0]["company_id"][
        0
    ]
    admin.call_kw("res.company", "write", [[company_id], {"surat_number_scope": "department"}])
    code = "RSV" + uuid.uuid4().hex[:4].upper()
    department_id = admin.call_kw(
        "hr.department", "create", [{"name": f"Unit Cadangan {code}", "code": code}]
    )
    classification_id = admin.call_kw(
        "surat.classification", "search", [[("code", "=", "000.1.1")]], {"limit": 1}
    )[0]
    signers = _make_users(admin, "group_surat_user", WORKERS, "rsigner")
    clerks = _make_users(admin, "group_surat_registrar", WORKERS, "rclerk")
    with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
        signing = [
            pool.submit(
                _sign_many, new_client(), login, department_id, classification_id, PER_WORKER
            )
            for login in signers
        ]
        reserving = [
            pool.submit(_reserve_many, new_client(), login, department_id, PER_WORKER)
            for login in clerks
        ]
        signed = [f.result() for f in signing]
        reserved = [f.result() for f in reserving]
    errors = [e for _n, errs in signed + reserved for e in errs]
    assert errors == [], f"{len(errors)} calls failed, first: {errors[:3]}"
    pattern = re.compile(r"^000\.1\.1/(\d+)/%s/\d{4}$" % code)
    letter_seqs = [int(pattern.match(n).group(1)) for nums, _e in signed for n in nums]
    reserved_seqs = [s for seqs, _e in reserved for s in seqs]
    every = sorted(letter_seqs + reserved_seqs)
    assert len(every) == 2 * WORKERS * PER_WORKER
    assert every == list(range(1, len(every) + 1)), "a number was given twice or skipped"
