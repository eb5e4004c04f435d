#!/usr/bin/python3
"""An SMTP server for tests (Debian's python3-aiosmtpd) on 127.0.0.1 that writes each message it
receives to DIR/<n>.eml, and to DIR/<n>.json its envelope, login, whether TLS was on, and its subject,
text and HTML parts decoded.

Usage: smtp-sink.py DIR PORT MODE [USER:PASSWORD]
  MODE  plain     no TLS
        starttls  STARTTLS offered and required before MAIL (needs DIR/cert.pem and DIR/key.pem)
        implicit  TLS from the first byte, as on port 465 (same files)
  USER:PASSWORD  when given, AUTH (PLAIN and LOGIN) is required
"""
import asyncio
import email
import email.policy
import json
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

directory, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
credentials = sys.argv[4].split(':', 1) if len(sys.argv) > 4 else None


class Sink:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        base = os.path.join(directory, str(Sink.count))
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        part = lambda kind: (lambda p: p.get_content() if p else None)(message.get_body((kind,)))
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else None
        meta = {'from': envelope.mail_from, 'to': envelope.rcpt_tos, 'login': login, 'tls': session.ssl is not None or server.transport.get_extra_info('ssl_object') is not None,
                'subject': message['subject'], 'text': part('plain'), 'html': part('html')}
        with open(base + '.eml', 'wb') as f:
            f.write(envelope.original_content)
        with open(base + '.json.tmp', 'w') as f:
            json.dump(meta, f)
        os.rename(base + '.json.tmp', base + '.json')  # appears whole: a reader never sees half a message
        return '250 OK'


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and [auth_data.login.decode(), auth_data.password.decode()] == credentials
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)


context = None
if mode in ('starttls', 'implicit'):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(directory, 'cert.pem'), os.path.join(directory, 'key.pem'))

# aiosmtpd does not count implicit TLS as TLS for AUTH: only STARTTLS needs auth_require_tls
kwargs = {'hostname': '127.0.0.1', 'port': port, 'auth_require_tls': mode == 'starttls', 'auth_required': credentials is not None}
if credentials:
    kwargs['authenticator'] = authenticate
if mode == 'starttls':
    kwargs.update(tls_context=context, require_starttls=True)
elif mode == 'implicit':
    kwargs['ssl_context'] = context

controller = Controller(Sink(), **kwargs)
controller.start()
print('ready', flush=True)
try:
    asyncio.get_event_loop().run_forever()
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
