#!/usr/bin/python3
"""A local SMTP sink for the outbound e-mail tests (aiosmtpd, Debian python3-aiosmtpd).

usage: smtp_sink.py PORT OUTDIR [CERT KEY USER PASSWORD]

Every accepted message is written to OUTDIR/NNNN.eml (the DATA exactly as
received, dot-unstuffed) with OUTDIR/NNNN.json describing the envelope: the
MAIL FROM and RCPT TO addresses, whether STARTTLS was on and who logged in.
With CERT and KEY the sink offers STARTTLS and requires it, and requires
AUTH as USER/PASSWORD. RCPT TO a local part "reject" gets 550 (a permanent
refusal); "later" gets 451 (a temporary one). OUTDIR/ready appears once it
listens.
"""
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local == "reject":
            return "550 5.1.1 mailbox unavailable"
        if local == "later":
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.outdir, "%04d" % self.count)
        with open(name + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(name + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": session.ssl is not None,
                       "login": session.auth_data if session.authenticated else None}, f)
        os.rename(name + ".eml.tmp", name + ".eml")
        return "250 2.0.0 queued"


def main():
    port, outdir = int(sys.argv[1]), sys.argv[2]
    kwargs = {}
    if len(sys.argv) >= 7:
        cert, key, user, password = sys.argv[3:7]
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, auth_data=user if ok else None)

        kwargs = dict(tls_context=context, require_starttls=True, authenticator=authenticate,
                      auth_required=True, auth_require_tls=True)
    else:
        kwargs = dict(auth_require_tls=False)
    controller = Controller(Sink(outdir), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    open(os.path.join(outdir, "ready"), "w").close()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
