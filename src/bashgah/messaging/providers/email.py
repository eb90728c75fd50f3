"""Email through Django's mail backend: SMTP in production (``EMAIL_HOST`` …), the console for
the demo, memory in tests that do not start an SMTP server.

The Message-ID is fixed per message (``reference``), so every attempt carries the same one.
SMTP has no way to refuse a duplicate: a retry after a crash between the server's "250 OK"
and our record delivers a second copy (some mailbox providers fold copies with one
Message-ID, none promises to)."""

from __future__ import annotations

import contextlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from bashgah.messaging.providers.base import Accepted, Outgoing, PermanentError, TransientError


def _smtp_error(error: smtplib.SMTPException, address: str) -> Exception:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = error.recipients.get(address, (550, b""))
        reason = f"smtp {code} for the recipient: {text!r}"
        if 400 <= int(code) < 500:
            return TransientError(reason)
        return PermanentError(reason, contact_problem=True)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return TransientError(f"smtp {error.smtp_code} for the sender: {error.smtp_error!r}")
    if isinstance(error, smtplib.SMTPResponseException):
        reason = f"smtp {error.smtp_code}: {error.smtp_error!r}"
        if 400 <= error.smtp_code < 500:
            return TransientError(reason)
        return PermanentError(reason)
    return TransientError(f"smtp: {type(error).__name__}")


class EmailSender:
    name = "email"

    def __init__(self, *, backend: str | None = None, sender: str = "") -> None:
        self.connection = get_connection(backend, fail_silently=False)
        self.sender = sender or settings.DEFAULT_FROM_EMAIL
        self._opened = False

    def close(self) -> None:
        if self._opened:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.close()
            self._opened = False

    def send(self, message: Outgoing) -> Accepted:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=self.sender,
            to=[message.to],
            headers={"Message-ID": message.reference, **message.headers},
            connection=self.connection,
        )
        try:
            if not self._opened:
                self.connection.open()
                self._opened = True
            sent = email.send()
        except smtplib.SMTPException as error:
            self.close()  # the session may be in any state: start a new one next time
            raise _smtp_error(error, message.to) from error
        except OSError as error:  # refused, unreachable, timed out
            self.close()
            raise TransientError(f"smtp: {type(error).__name__}") from error
        if sent != 1:
            raise TransientError("email: the backend sent nothing")
        return Accepted(provider_message_id=message.reference)
