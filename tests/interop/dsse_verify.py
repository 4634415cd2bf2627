#!/usr/bin/env python3
"""Independent DSSE verifier: Python's standard library parses the envelope and builds the PAE bytes,
OpenSSL checks the Ed25519 signature. Shares no code with KernelAgent.

usage: dsse_verify.py ENVELOPE.json PUBLIC_KEY.pem
exit 0 and "OK <keyid> <payloadType>" when a signature verifies; exit 1 and the reason otherwise.
"""
import base64
import json
import subprocess
import sys
import tempfile
import os


def pae(payload_type: bytes, payload: bytes) -> bytes:
    # secure-systems-lab/dsse protocol.md: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
    return b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(payload), payload)


def main() -> int:
    envelope_path, key_path = sys.argv[1], sys.argv[2]
    with open(envelope_path, "rb") as f:
        envelope = json.load(f)
    payload_type = envelope["payloadType"].encode("utf-8")
    payload = base64.b64decode(envelope["payload"], validate=True)
    message = pae(payload_type, payload)
    with tempfile.TemporaryDirectory() as tmp:
        msg_path = os.path.join(tmp, "pae.bin")
        with open(msg_path, "wb") as f:
            f.write(message)
        for sig in envelope["signatures"]:
            sig_path = os.path.join(tmp, "sig.bin")
            with open(sig_path, "wb") as f:
                f.write(base64.b64decode(sig["sig"], validate=True))
            result = subprocess.run(
                ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key_path, "-rawin",
                 "-in", msg_path, "-sigfile", sig_path],
                capture_output=True, text=True)
            if result.returncode == 0:
                statement = json.loads(payload)
                print("OK", sig.get("keyid", ""), envelope["payloadType"], statement["subject"][0]["digest"]["sha256"])
                return 0
    print("FAIL signature does not verify", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
