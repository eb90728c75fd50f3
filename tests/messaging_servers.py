"""Local stand-ins for the providers, speaking their documented APIs over real HTTP and SMTP on
the loopback interface: Kavenegar, Twilio, a generic gateway (http.server in a thread) and an
SMTP server (aiosmtpd). Each keeps what a real provider would have delivered, and can call
our callback URLs the way the provider does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from email import policy as email_policy
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class Reply:
    status: int
    body: Any
    content_type: str = "application/json"
    delay: float = 0.0  # seconds to wait before answering (a slow provider)


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    json: Any = None


def _post(url: str, **kwargs: Any) -> httpx.Response:
    """A provider's callback: it waits up to 30 s (a loaded test machine is slow)."""
    return httpx.post(url, timeout=30, **kwargs)


class FakeServer:
    """An HTTP server on 127.0.0.1 in a thread; ``handle(request) -> Reply`` is the provider."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.forced: list[Reply] = []  # answers to give first, whatever is asked
        self.delays: list[float] = []  # seconds to hold the next answers back
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                params = dict(parse_qsl(url.query))
                body_json = None
                if "json" in (self.headers.get("Content-Type") or ""):
                    body_json = json.loads(raw or b"null")
                elif raw:
                    params.update(parse_qsl(raw.decode()))
                request = Request(
                    self.command,
                    url.path,
                    params,
                    {k: v for k, v in self.headers.items()},
                    body_json,
                )
                fake.requests.append(request)
                reply = fake.forced.pop(0) if fake.forced else fake.handle(request)
                if fake.delays:  # the provider did its work but answers late
                    reply.delay = fake.delays.pop(0)
                # The provider has done its work; a slow answer only keeps the client waiting.
                if reply.delay:
                    threading.Event().wait(reply.delay)
                data = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body)
                payload = data.encode() if isinstance(data, str) else data
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def handle(self, request: Request) -> Reply:
        raise NotImplementedError

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- Kavenegar --------------------------------------------------------------------------------


class FakeKavenegar(FakeServer):
    """``/v1/{API_KEY}/sms/send.json`` and ``status.json`` as kavenegar.com/rest.html describes
    them; a ``localid`` seen before returns the first message and sends nothing new."""

    def __init__(self, api_key: str = "test-key") -> None:
        super().__init__()
        self.api_key = api_key
        self.sent: list[dict[str, str]] = []  # what reached a phone
        self.by_localid: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, int] = {}
        self.invalid_receptors: set[str] = set()  # numbers it answers 411 for
        self.ids = itertools.count(8792343)

    @staticmethod
    def _answer(status: int, message: str, entries: Any = None) -> Reply:
        return Reply(status, {"return": {"status": status, "message": message}, "entries": entries})

    def handle(self, request: Request) -> Reply:
        parts = request.path.strip("/").split("/")
        if len(parts) != 4 or parts[0] != "v1" or parts[2] != "sms":
            return self._answer(404, "method not found")
        if parts[1] != self.api_key:
            return self._answer(403, "invalid API key")
        if parts[3] == "send.json":
            return self._send(request.params)
        if parts[3] == "status.json":
            ids = [i for i in request.params.get("messageid", "").split(",") if i]
            entries = [
                {"messageid": int(i), "status": self.statuses.get(i, 100), "statustext": ""}
                for i in ids
            ]
            return self._answer(200, "تایید شد", entries)
        return self._answer(404, "method not found")

    def _send(self, params: dict[str, str]) -> Reply:
        receptor, message = params.get("receptor", ""), params.get("message", "")
        if not receptor or not message:
            return self._answer(400, "parameters incomplete")
        if receptor in self.invalid_receptors or not receptor.startswith(("09", "00")):
            return self._answer(411, "invalid receptor")
        localid = params.get("localid", "")
        if localid and localid in self.by_localid:
            return self._answer(200, "تایید شد", [self.by_localid[localid]])
        message_id = str(next(self.ids))
        entry = {
            "messageid": int(message_id),
            "message": message,
            "status": 1,
            "statustext": "در صف ارسال",
            "sender": params.get("sender", "10004346"),
            "receptor": receptor,
            "date": 1356619709,
            "cost": 120,
        }
        self.sent.append(params)
        self.statuses[message_id] = 1
        if localid:
            self.by_localid[localid] = entry
        return self._answer(200, "تایید شد", [entry])

    def deliver(self, url: str, message_id: str, status: int) -> httpx.Response:
        """Kavenegar's delivery callback to the URL set in its panel."""
        self.statuses[message_id] = status
        return _post(url, data={"messageid": message_id, "status": str(status)})

    def receive(self, url: str, sender: str, text: str) -> httpx.Response:
        """Kavenegar's callback for a text a member sent to the club's number."""
        return _post(
            url, data={"messageid": "1", "from": sender, "to": "10004346", "message": text}
        )


# --- Twilio -----------------------------------------------------------------------------------


def twilio_signature(url: str, params: dict[str, str], auth_token: str) -> str:
    """Written here from Twilio's documentation, apart from the code under test: the URL,
    then every POST parameter's name and value sorted by name, HMAC-SHA1, base64."""
    payload = url
    for name in sorted(params):
        payload += name + params[name]
    mac = hmac.new(auth_token.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


class FakeTwilio(FakeServer):
    """``POST /2010-04-01/Accounts/{sid}/Messages.json`` with basic auth, as Twilio's Message
    resource; no idempotency: every accepted request is a text."""

    def __init__(self, account_sid: str = "AC" + "1" * 32, auth_token: str = "tw-token") -> None:  # noqa: S107
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.sent: list[dict[str, str]] = []
        self.invalid_to: set[str] = set()  # numbers it answers 400 / 21211 for

    def handle(self, request: Request) -> Reply:
        expected = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        if request.path != expected or request.method != "POST":
            return Reply(404, {"code": 20404, "message": "not found", "status": 404})
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {credentials}":
            return Reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
        to = request.params.get("To", "")
        if to in self.invalid_to or not to.startswith("+") or not to[1:].isdigit():
            return Reply(
                400,
                {"code": 21211, "message": f"The 'To' number {to} is not valid.", "status": 400},
            )
        sid = "SM" + secrets.token_hex(16)
        self.sent.append({**request.params, "sid": sid})
        return Reply(
            201,
            {
                "sid": sid,
                "status": "queued",
                "to": to,
                "from": request.params.get("From"),
                "body": request.params.get("Body"),
                "account_sid": self.account_sid,
            },
        )

    def status_callback(
        self, sid: str, status: str, error_code: str = "", *, signature: str | None = None
    ) -> httpx.Response:
        """POST the status to the StatusCallback the message was created with, signed."""
        sent = next(item for item in self.sent if item["sid"] == sid)
        url = sent["StatusCallback"]
        params = {
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "AccountSid": self.account_sid,
            "To": sent["To"],
            "From": sent.get("From", ""),
        }
        if error_code:
            params["ErrorCode"] = error_code
        given = (
            signature if signature is not None else twilio_signature(url, params, self.auth_token)
        )
        return _post(url, data=params, headers={"X-Twilio-Signature": given})

    def incoming(self, url: str, sender: str, text: str) -> httpx.Response:
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": self.account_sid,
            "From": sender,
            "To": "+15005550006",
            "Body": text,
            "NumMedia": "0",
        }
        signature = twilio_signature(url, params, self.auth_token)
        return _post(url, data=params, headers={"X-Twilio-Signature": signature})


# --- the generic gateway ----------------------------------------------------------------------


class FakeGateway(FakeServer):
    """The generic gateway's documented contract: bearer token, JSON {to, text, reference},
    the reference (and Idempotency-Key) de-duplicates."""

    def __init__(self, token: str = "gw-token") -> None:  # noqa: S107
        super().__init__()
        self.token = token
        self.sent: list[dict[str, Any]] = []
        self.references: set[str] = set()
        self.invalid: set[str] = set()  # numbers it answers 422 invalid_recipient for

    def handle(self, request: Request) -> Reply:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return Reply(401, {"error": "unauthorized"})
        body = request.json or {}
        to = str(body.get("to", ""))
        if to in self.invalid or not to.startswith("+"):
            return Reply(422, {"error": "invalid_recipient"})
        reference = str(body.get("reference", ""))
        if reference in self.references:
            return Reply(409, {"error": "duplicate_reference"})
        self.references.add(reference)
        self.sent.append(body)
        return Reply(202, {"id": f"gw-{len(self.sent)}", "reference": reference})

    def report(self, url: str, reference: str, status: str) -> httpx.Response:
        return _post(url, json={"reference": reference, "status": status})

    def incoming(self, url: str, sender: str, text: str) -> httpx.Response:
        return _post(url, json={"from": sender, "text": text})


# --- SMTP -------------------------------------------------------------------------------------


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        payload = self.message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        text = payload.decode(self.message.get_content_charset() or "utf-8")
        return text.replace("\r\n", "\n")  # lines end in CRLF on the wire


@dataclass
class SmtpServer:
    """aiosmtpd on 127.0.0.1: keeps every mail; ``refuse`` maps a recipient to an SMTP reply
    (e.g. ``"550 5.1.1 no such user"``) given at RCPT TO."""

    mails: list[ReceivedMail] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    controller: Controller | None = None
    port: int = 0

    def __enter__(self) -> SmtpServer:
        server = self

        class Handler:
            async def handle_RCPT(
                self, smtp: SMTP, session: Session, envelope: Envelope, address: str, options: list
            ) -> str:
                if address in server.refuse:
                    return server.refuse[address]
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
                content = envelope.original_content or envelope.content or b""
                assert isinstance(content, bytes)
                server.mails.append(
                    ReceivedMail(
                        str(envelope.mail_from),
                        list(envelope.rcpt_tos),
                        message_from_bytes(content, policy=email_policy.default),
                    )
                )
                return "250 Message accepted for delivery"

        with socket.socket() as probe:  # aiosmtpd needs a port number it can connect to
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.controller is not None:
            self.controller.stop()


def settings_with(settings: Any, **changes: Any) -> None:
    """Change keys of ``settings.BASHGAH`` for one test (the settings fixture restores it)."""
    settings.BASHGAH = {**settings.BASHGAH, **changes}


Callback = Callable[..., httpx.Response]
