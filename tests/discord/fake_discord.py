"""A small stand-in for Discord's REST API and gateway, on 127.0.0.1.

The real discord.py client talks to it unchanged: tests point
`discord.http.Route.BASE` at `api_base` and the gateway address at the URL that
`GET /gateway/bot` returns. It records every HTTP request the bot makes, lets
tests inject gateway events (INTERACTION_CREATE, MESSAGE_CREATE, …) and answers
the way Discord does, closely enough for discord.py to accept the replies.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

API = "/api/v10"
TIMESTAMP = "2024-01-01T12:00:00.000000+00:00"
INTERACTION_TYPES = {"PING": 1, "COMMAND": 2, "AUTOCOMPLETE": 4}
EPHEMERAL = 1 << 6


@dataclass
class Request:
    """One HTTP request the bot made."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    json: Any = None  # the JSON body (or a multipart request's payload_json)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field -> (file name, content)
    authorization: str | None = None


def _json(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json", no charset: discord.py compares the header verbatim.
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


def _ids(start: int) -> Callable[[], str]:
    counter = itertools.count(start)
    return lambda: str(next(counter))


class FakeDiscord:
    """Discord's REST API and gateway for one bot user in one guild."""

    def __init__(self, token: str = "fake-token") -> None:
        self.token = token
        self.next_id = _ids(1_100_000_000_000_000_000)
        self.app_id = self.next_id()
        self.bot_user = {"id": self.app_id, "username": "kkrbot", "discriminator": "0", "global_name": None,
                         "avatar": None, "bot": True, "flags": 0}
        self.guild_id = self.next_id()
        self.channel_id = self.next_id()
        self.admin_role_id = self.next_id()
        self.requests: list[Request] = []
        self.identify: dict[str, Any] | None = None
        self.ready = asyncio.Event()
        self._changed = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close the gateway connections and the server."""
        for ws in self._sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """What `discord.http.Route.BASE` must be set to."""
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        """The gateway's address, as `GET /gateway/bot` gives it."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- what tests use ---------------------------------------------------------

    async def wait_request(self, predicate: Callable[[Request], bool], timeout: float = 15.0,
                           after: int = 0) -> Request:
        """The first request (from index `after` on) matching predicate, waiting for it."""
        async def find() -> Request:
            seen = after
            while True:
                for request in self.requests[seen:]:
                    if predicate(request):
                        return request
                seen = len(self.requests)
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(find(), timeout)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH event to the connected bot."""
        await self._send({"op": 0, "t": event, "s": next(self._seq), "d": data})

    def member(self, user_id: str, roles: list[str] | None = None, permissions: str = "0") -> dict[str, Any]:
        """A guild member payload for a (non-bot) user."""
        return {
            "user": {"id": user_id, "username": f"bruger{user_id[-4:]}", "discriminator": "0",
                     "global_name": None, "avatar": None},
            "roles": roles or [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0,
            "permissions": permissions, "nick": None, "avatar": None, "pending": False,
        }

    def interaction(self, kind: str, name: str, options: list[dict[str, Any]], user_id: str,
                    roles: list[str] | None = None, permissions: str = "0") -> dict[str, Any]:
        """An INTERACTION_CREATE payload for a slash command or an autocomplete request."""
        interaction_id = self.next_id()
        return {
            "id": interaction_id, "application_id": self.app_id, "type": INTERACTION_TYPES[kind],
            "token": f"interaction-token-{interaction_id}", "version": 1,
            "guild_id": self.guild_id, "channel_id": self.channel_id, "channel": self._channel(),
            "member": self.member(user_id, roles, permissions),
            "data": {"id": self.next_id(), "name": name, "type": 1, "options": options},
            "locale": "da", "guild_locale": "da", "app_permissions": "2147483647",
            "entitlements": [], "authorizing_integration_owners": {"0": self.guild_id}, "context": 0,
            "attachment_size_limit": 26214400,
        }

    def message(self, content: str, user_id: str, mentions_bot: bool) -> dict[str, Any]:
        """A MESSAGE_CREATE payload from a user in the guild's text channel."""
        member = self.member(user_id)
        author = member.pop("user")
        return {
            "id": self.next_id(), "channel_id": self.channel_id, "guild_id": self.guild_id,
            "author": author, "member": member, "content": content, "timestamp": TIMESTAMP,
            "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [self.bot_user] if mentions_bot else [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
        }

    # --- gateway ----------------------------------------------------------------

    async def _send(self, payload: dict[str, Any]) -> None:
        await self.ready.wait()
        await self._sockets[-1].send_str(json.dumps(payload))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        # discord.py may ask for compress=zlib-stream; it accepts uncompressed text frames too.
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            if payload["op"] == 1:  # HEARTBEAT
                await ws.send_str(json.dumps({"op": 11}))
            elif payload["op"] == 2:  # IDENTIFY
                self.identify = payload["d"]
                await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": next(self._seq), "d": self._ready()}))
                await ws.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": next(self._seq),
                                              "d": self._guild()}))
                self.ready.set()
        return ws

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10, "user": self.bot_user, "guilds": [{"id": self.guild_id, "unavailable": True}],
            "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
            "application": {"id": self.app_id, "flags": 0}, "shard": [0, 1],
        }

    def _channel(self) -> dict[str, Any]:
        return {"id": self.channel_id, "type": 0, "guild_id": self.guild_id, "name": "generelt",
                "position": 0, "permission_overwrites": [], "nsfw": False, "topic": None,
                "last_message_id": None, "rate_limit_per_user": 0, "parent_id": None}

    def _guild(self) -> dict[str, Any]:
        def role(role_id: str, name: str, position: int) -> dict[str, Any]:
            return {"id": role_id, "name": name, "permissions": "0", "position": position, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False, "flags": 0}

        return {
            "id": self.guild_id, "name": "KKR test", "unavailable": False, "owner_id": self.next_id(),
            "roles": [role(self.guild_id, "@everyone", 0), role(self.admin_role_id, "kkrbot-admin", 1)],
            "channels": [self._channel()], "members": [], "member_count": 2, "large": False,
            "emojis": [], "stickers": [], "features": [], "threads": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [], "voice_states": [], "presences": [],
            "joined_at": TIMESTAMP, "premium_tier": 0, "preferred_locale": "da", "mfa_level": 0,
            "verification_level": 0, "explicit_content_filter": 0, "default_message_notifications": 0,
            "nsfw_level": 0, "afk_timeout": 300, "system_channel_flags": 0,
        }

    # --- REST -------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = None, {}
        if request.content_type == "multipart/form-data":
            form = await request.post()
            for key, value in form.items():
                if key == "payload_json":
                    body = json.loads(value)  # type: ignore[arg-type]
                else:
                    files[key] = (value.filename, value.file.read())  # type: ignore[union-attr]
        elif request.can_read_body:
            text = await request.text()
            body = json.loads(text) if text else None
        recorded = Request(request.method, path, dict(request.query), body, files,
                           request.headers.get("Authorization"))
        self.requests.append(recorded)
        self._changed.set()
        return self._answer(recorded)

    def _answer(self, r: Request) -> web.Response:
        ok = json_response = _json
        if r.path == "/users/@me" and r.method == "GET":
            if r.authorization != f"Bot {self.token}":
                return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
            return ok(self.bot_user)
        if r.path == "/oauth2/applications/@me":
            return ok({"id": self.app_id, "name": "kkrbot", "description": "", "icon": None,
                       "bot_public": True, "bot_require_code_grant": False, "owner": self.bot_user,
                       "verify_key": "0" * 64, "flags": 0, "summary": "", "team": None})
        if r.path in ("/gateway", "/gateway/bot"):
            return ok({"url": self.gateway_url, "shards": 1,
                       "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0,
                                               "max_concurrency": 1}})
        if m := re.fullmatch(r"/applications/\d+/guilds/(\d+)/commands", r.path):
            if m[1] != self.guild_id:  # a guild the bot was never invited to
                return json_response({"message": "Missing Access", "code": 50001}, status=403)
        if re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", r.path) and r.method == "PUT":
            return ok([dict(c, id=self.next_id(), application_id=self.app_id, version="1",
                            default_member_permissions=None, type=c.get("type", 1)) for c in r.json])
        if m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", r.path):
            kind = r.json["type"]
            data = r.json.get("data") or {}
            interaction = {"id": m[1], "type": 2, "response_message_loading": kind == 5,
                           "response_message_ephemeral": bool(data.get("flags", 0) & EPHEMERAL)}
            resource: dict[str, Any] = {"type": kind}
            if kind in (4, 5):
                resource["message"] = self._message(data)
                interaction["response_message_id"] = resource["message"]["id"]
            return ok({"interaction": interaction, "resource": resource})
        if re.fullmatch(r"/webhooks/\d+/[^/]+(/messages/[^/]+)?", r.path):
            if r.method == "DELETE":
                return web.Response(status=204)
            return ok(self._message(r.json or {}))
        if re.fullmatch(r"/channels/\d+/messages", r.path) and r.method == "POST":
            return ok(self._message(r.json or {}))
        return json_response({"message": "Unknown", "code": 10000}, status=404)

    def _message(self, sent: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.next_id(), "channel_id": self.channel_id, "author": self.bot_user,
            "content": sent.get("content") or "", "timestamp": TIMESTAMP, "edited_timestamp": None,
            "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": sent.get("embeds") or [], "pinned": False, "type": 0,
            "flags": sent.get("flags", 0),
        }
