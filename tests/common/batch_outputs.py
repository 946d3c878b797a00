"""What a `vanban batch` run left behind, in a form two runs can be compared by.

Shared by tests/batch/check_batch.py and tests/deploy/check_k8s.py, which both compare sharded,
resumed or retried runs with one plain run.
"""
import hashlib
import os
import subprocess

# Files a run writes that are not documents: the manifest (it records times), the lock, the register.
NOT_DOCUMENTS = ("manifest.json", ".vanban-batch.lock")


def files_of(out, register_prefix="so-van-ban-di.db", skip_hidden=False):
    """{relative path: sha256} of every document under `out`.

    register_prefix: the register files to leave out (the database, or with "so-van-ban-di" also the
    printed book when another step prints it). skip_hidden: leave out hidden work folders, which a
    killed shard may leave behind.
    """
    got = {}
    for root, _, names in os.walk(out):
        for n in names:
            p = os.path.join(root, n)
            rel = os.path.relpath(p, out)
            if rel in NOT_DOCUMENTS or rel.startswith(register_prefix):
                continue
            if skip_hidden and "/." in "/" + rel:
                continue
            with open(p, "rb") as f:
                got[rel] = hashlib.sha256(f.read()).hexdigest()
    return got


def register_tsv(vanban, reg, agency, year):
    """The register of `agency` for `year` as `vanban registry export` prints it: (tsv, error).

    error is None when the export succeeded, else a message for the caller's check.
    """
    r = subprocess.run([vanban, "registry", "--registry", reg, "export", "--agency", agency,
                        "--year", str(year), "--format", "tsv"], capture_output=True, text=True)
    if r.returncode != 0:
        return r.stdout, f"registry export {agency} {year}: exit {r.returncode}: {r.stderr}"
    return r.stdout, None
