"""A small stand-in for Discord's REST API and gateway, on 127.0.0.1.

The real discord.py client talks to it unchanged: tests point
`discord.http.Route.BASE` at `api_base` and the gateway address at the URL that
`GET /gateway/bot` returns. It records every HTTP request the bot makes, lets
tests inject gateway events (INTERACTION_CREATE, MESSAGE_CREATE, …) and answers
the way Discord does, closely enough for discord.py to accept the replies.

It also holds every message the bot sends, as Discord would after later edits
(`messages`, `posts`, `dms`, `original`, `followups`), with their components,
so a test can press a button or choose in a select menu on one (`component`),
and submit a modal the bot opened (`modals`, `modal_submit`).
"""
from __future__ import annotations

import asyncio
import copy
import itertools
import json
import mimetypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

API = "/api/v10"
TIMESTAMP = "2024-01-01T12:00:00.000000+00:00"
INTERACTION_TYPES = {"PING": 1, "COMMAND": 2, "COMPONENT": 3, "AUTOCOMPLETE": 4, "MODAL_SUBMIT": 5}
EPHEMERAL = 1 << 6
LOADING = 1 << 7  # a deferred response's "thinking…" message, until its first edit
ACTION_ROW, BUTTON, STRING_SELECT, TEXT_INPUT, TEXT_DISPLAY, LABEL = 1, 2, 3, 4, 10, 18
GUILD_TEXT, DM, GUILD_ANNOUNCEMENT = 0, 1, 5
# Discord's own error bodies, for the refusals the stand-in reproduces.
CANNOT_DM = {"message": "Cannot send messages to this user", "code": 50007}
UNKNOWN_CHANNEL = {"message": "Unknown Channel", "code": 10003}
UNKNOWN_MESSAGE = {"message": "Unknown Message", "code": 10008}
UNKNOWN_WEBHOOK = {"message": "Unknown Webhook", "code": 10015}
UNKNOWN_INTERACTION = {"message": "Unknown interaction", "code": 10062}
ALREADY_ACKNOWLEDGED = {"message": "Interaction has already been acknowledged.", "code": 40060}
INVALID_FORM_BODY = {"message": "Invalid Form Body", "code": 50035}


@dataclass
class Request:
    """One HTTP request the bot made."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    json: Any = None  # the JSON body (or a multipart request's payload_json)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field -> (file name, content)
    authorization: str | None = None
    message: str | None = None  # the id of the message it created or edited, if any


@dataclass
class Sent:
    """A message the bot sent, as Discord holds it now (later edits applied)."""

    data: dict[str, Any]  # the message object Discord returns, and puts in component interactions
    via: str  # "channel" (POST /channels/{id}/messages), "response" (an interaction's own) or "followup"
    token: str | None = None  # the token of the interaction it answers
    files: dict[str, bytes] = field(default_factory=dict)  # attachment file name -> content
    edits: int = 0
    deleted: bool = False

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def channel_id(self) -> str:
        return self.data["channel_id"]

    @property
    def content(self) -> str:
        return self.data["content"]

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data["embeds"]

    @property
    def ephemeral(self) -> bool:
        return bool(self.data["flags"] & EPHEMERAL)

    @property
    def components(self) -> list[dict[str, Any]]:
        """Every component in the message, depth first: action rows and what they hold."""
        return list(walk_components(self.data["components"]))

    @property
    def custom_ids(self) -> list[str]:
        """The custom_ids of the message's buttons and select menus, in order."""
        return [c["custom_id"] for c in self.components if "custom_id" in c]

    def component(self, custom_id: str) -> dict[str, Any]:
        """The button or select menu with this custom_id."""
        for component in self.components:
            if component.get("custom_id") == custom_id:
                return component
        raise LookupError(f"message {self.id} has no component {custom_id!r}; it has {self.custom_ids}")


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The components and all they contain (rows, labels, sections), depth first."""
    for component in components:
        yield component
        inner = list(component.get("components", []))
        inner += [component[key] for key in ("component", "accessory") if key in component]
        yield from walk_components(inner)


def _number_components(components: list[dict[str, Any]]) -> None:
    # Discord gives every component without an id a sequential one, depth first.
    taken = {c["id"] for c in walk_components(components) if "id" in c}
    free = (n for n in itertools.count(1) if n not in taken)
    for component in walk_components(components):
        component.setdefault("id", next(free))


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
        self.news_channel_id = self.next_id()  # an announcement channel, "nyheder"
        self.requests: list[Request] = []
        self.messages: dict[str, Sent] = {}  # every message the bot sent, by id
        self.interactions: dict[str, dict[str, Any]] = {}  # every interaction payload made here, by id
        self.modals: dict[str, dict[str, Any]] = {}  # interaction id -> the modal the bot answered it with
        self.refused_dms: set[str] = set()  # users whose DMs refuse the bot
        self.identify: dict[str, Any] | None = None
        self.ready = asyncio.Event()
        self._dm_channels: dict[str, str] = {}  # user id -> DM channel id
        self._originals: dict[str, str] = {}  # interaction token -> its original response's message id
        self._acknowledged: set[str] = set()  # interaction ids with a callback
        self._changed = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._route_table = self._routes()
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

    def user(self, user_id: str) -> dict[str, Any]:
        """A (non-bot) user payload."""
        return {"id": user_id, "username": f"bruger{user_id[-4:]}", "discriminator": "0",
                "global_name": None, "avatar": None}

    def member(self, user_id: str, roles: list[str] | None = None, permissions: str = "0") -> dict[str, Any]:
        """A guild member payload for a (non-bot) user."""
        return {
            "user": self.user(user_id),
            "roles": roles or [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0,
            "permissions": permissions, "nick": None, "avatar": None, "pending": False,
        }

    def dm_channel(self, user_id: str) -> str:
        """The id of the DM channel between the bot and a user (the same one every time)."""
        if user_id not in self._dm_channels:
            self._dm_channels[user_id] = self.next_id()
        return self._dm_channels[user_id]

    def refuse_dms(self, user_id: str) -> None:
        """Make the bot's messages to this user fail as Discord does (403, code 50007)."""
        self.refused_dms.add(user_id)

    def interaction(self, kind: str, name: str, options: list[dict[str, Any]], user_id: str,
                    roles: list[str] | None = None, permissions: str = "0", dm: bool = False) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for a slash command or an autocomplete request,
        in the guild's text channel or in the user's DM with the bot."""
        data = {"id": self.next_id(), "name": name, "type": 1, "options": options}
        channel_id = self.dm_channel(user_id) if dm else self.channel_id
        return self._interaction(INTERACTION_TYPES[kind], data, user_id, channel_id, roles, permissions)

    def component(self, message_id: str, custom_id: str, user_id: str | None = None,
                  values: list[str] | None = None, roles: list[str] | None = None,
                  permissions: str = "0") -> dict[str, Any]:
        """An INTERACTION_CREATE payload for a user pressing a button (no values) or choosing
        `values` in a string select menu on a message the bot sent. The user is by default the one
        the message answers (or the DM's recipient), else a new one."""
        sent = self.messages[message_id]
        if sent.deleted:
            raise LookupError(f"message {message_id} was deleted")
        item = sent.component(custom_id)
        if item.get("disabled"):
            raise ValueError(f"{custom_id!r} is disabled: Discord does not let a user use it")
        viewer = self._viewer(sent)
        user_id = user_id or viewer or self.next_id()
        private = "ephemeral" if sent.ephemeral else "in a DM" if self._recipient(sent.channel_id) else None
        if private and user_id != viewer:
            raise ValueError(f"message {message_id} is {private}: only user {viewer} sees it")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": item["type"]}
        if item["type"] == STRING_SELECT:
            data["values"] = _chosen(item, values or [])
        elif item["type"] != BUTTON or values is not None:
            raise ValueError(f"{custom_id!r} is a component of type {item['type']}: the stand-in presses buttons "
                             "and chooses in string select menus")
        return self._interaction(INTERACTION_TYPES["COMPONENT"], data, user_id, sent.channel_id, roles, permissions,
                                 message=copy.deepcopy(sent.data))

    def modal_submit(self, opened_by: str, values: dict[str, str | list[str]]) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for the user submitting the modal the bot answered
        interaction `opened_by` with: text inputs by custom_id (unfilled ones keep their
        pre-filled value), string selects as lists."""
        modal = self.modals[opened_by]
        opener = self.interactions[opened_by]
        known = {c["custom_id"] for c in walk_components(modal["components"]) if "custom_id" in c}
        if unknown := set(values) - known:
            raise LookupError(f"modal {modal['custom_id']!r} has no inputs {sorted(unknown)}; it has {sorted(known)}")
        data = {"custom_id": modal["custom_id"],
                "components": [_submitted(c, values) for c in modal["components"]]}
        message = opener.get("message")
        if message is not None:  # opened from a component: the submit carries that message as it is now
            message = copy.deepcopy(self.messages[message["id"]].data)
        member = opener.get("member")
        user_id = (member or opener)["user"]["id"]
        roles, permissions = (member["roles"], member["permissions"]) if member else (None, "0")
        return self._interaction(INTERACTION_TYPES["MODAL_SUBMIT"], data, user_id, opener["channel_id"], roles,
                                 permissions, message=message)

    def message(self, content: str, user_id: str, mentions_bot: bool, dm: bool = False) -> dict[str, Any]:
        """A MESSAGE_CREATE payload from a user in the guild's text channel, or in their DM with the bot."""
        payload = {
            "id": self.next_id(), "channel_id": self.dm_channel(user_id) if dm else self.channel_id,
            "author": self.user(user_id), "content": content, "timestamp": TIMESTAMP,
            "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [self.bot_user] if mentions_bot else [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
        }
        if not dm:
            member = self.member(user_id)
            del member["user"]
            payload.update(guild_id=self.guild_id, member=member)
        return payload

    def posts(self, channel_id: str) -> list[Sent]:
        """The bot's own posts (POST /channels/{id}/messages) in a channel, oldest first, deleted ones left out."""
        return [m for m in self.messages.values() if m.via == "channel" and m.channel_id == channel_id
                and not m.deleted]

    def dms(self, user_id: str) -> list[Sent]:
        """The messages the bot sent a user in their DM, oldest first."""
        return self.posts(self._dm_channels[user_id]) if user_id in self._dm_channels else []

    def original(self, token: str) -> Sent | None:
        """An interaction's original response (@original): the message its callback made or updated."""
        message_id = self._originals.get(token)
        return self.messages[message_id] if message_id else None

    def followups(self, token: str) -> list[Sent]:
        """The follow-up messages the bot sent for an interaction, oldest first."""
        return [m for m in self.messages.values() if m.via == "followup" and m.token == token]

    # --- interactions -------------------------------------------------------------

    def _interaction(self, kind: int, data: dict[str, Any], user_id: str, channel_id: str,
                     roles: list[str] | None = None, permissions: str = "0",
                     message: dict[str, Any] | None = None) -> dict[str, Any]:
        interaction_id = self.next_id()
        payload: dict[str, Any] = {
            "id": interaction_id, "application_id": self.app_id, "type": kind,
            "token": f"interaction-token-{interaction_id}", "version": 1, "data": data,
            "channel_id": channel_id, "channel": self._channel(channel_id),
            "locale": "da", "app_permissions": "2147483647", "entitlements": [],
            "attachment_size_limit": 26214400,
        }
        if self._recipient(channel_id):  # the bot's DM: a user, no guild (context BOT_DM)
            payload.update(user=self.user(user_id), context=1, authorizing_integration_owners={"0": "0"})
        else:
            payload.update(guild_id=self.guild_id, guild_locale="da", context=0,
                           member=self.member(user_id, roles, permissions),
                           authorizing_integration_owners={"0": self.guild_id})
        if message is not None:
            payload["message"] = message
        self.interactions[interaction_id] = payload
        return payload

    def _viewer(self, sent: Sent) -> str | None:
        # Who a message is shown to: the user it answers, or the recipient of a DM.
        metadata = sent.data.get("interaction_metadata")
        return metadata["user"]["id"] if metadata else self._recipient(sent.channel_id)

    def _recipient(self, channel_id: str) -> str | None:
        return next((user for user, channel in self._dm_channels.items() if channel == channel_id), None)

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

    def _channel(self, channel_id: str) -> dict[str, Any]:
        if recipient := self._recipient(channel_id):
            return {"id": channel_id, "type": DM, "last_message_id": None, "flags": 0,
                    "recipients": [self.user(recipient)]}
        name, kind, position = {self.channel_id: ("generelt", GUILD_TEXT, 0),
                                self.news_channel_id: ("nyheder", GUILD_ANNOUNCEMENT, 1)}[channel_id]
        return {"id": channel_id, "type": kind, "guild_id": self.guild_id, "name": name,
                "position": position, "permission_overwrites": [], "nsfw": False, "topic": None,
                "last_message_id": None, "rate_limit_per_user": 0, "parent_id": None}

    def _guild(self) -> dict[str, Any]:
        def role(role_id: str, name: str, position: int) -> dict[str, Any]:
            return {"id": role_id, "name": name, "permissions": "0", "position": position, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False, "flags": 0}

        return {
            "id": self.guild_id, "name": "KKR test", "unavailable": False, "owner_id": self.next_id(),
            "roles": [role(self.guild_id, "@everyone", 0), role(self.admin_role_id, "kkrbot-admin", 1)],
            "channels": [self._channel(self.channel_id), self._channel(self.news_channel_id)],
            "members": [], "member_count": 2, "large": False,
            "emojis": [], "stickers": [], "features": ["NEWS"], "threads": [], "stage_instances": [],
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
        response = self._answer(recorded)  # sets recorded.message before any waiting test looks
        self._changed.set()
        return response

    # The REST routes the stand-in answers: (method or "*", path pattern, handler(request, *groups)), tried in
    # order; the first whose method and path match answers. Anything else is Discord's 404 "Unknown".
    def _routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., web.Response]]]:
        table: list[tuple[str, str, Callable[..., web.Response]]] = [
            ("GET", r"/users/@me", self._me),
            ("*", r"/oauth2/applications/@me", lambda r: _json(self._application())),
            ("*", r"/gateway(?:/bot)?", lambda r: _json(self._gateway_info())),
            ("POST", r"/users/@me/channels", lambda r: _json(self._channel(self.dm_channel(str(r.json["recipient_id"]))))),
            ("GET", r"/users/(\d+)", lambda r, user: _json(self.user(user))),
            ("*", r"/applications/\d+/guilds/(\d+)/commands", self._guild_commands),
            ("PUT", r"/applications/\d+/commands", lambda r: self._sync(r)),
            ("*", r"/interactions/(\d+)/([^/]+)/callback", self._callback),
            ("*", r"/webhooks/\d+/([^/]+)(?:/messages/([^/]+))?", self._webhook),
            ("GET", r"/channels/(\d+)", self._get_channel),
            ("*", r"/channels/(\d+)/messages(?:/(\d+))?", self._channel_messages),
        ]
        return [(method, re.compile(path), handler) for method, path, handler in table]

    def _answer(self, r: Request) -> web.Response:
        for method, path, handler in self._route_table:
            if method in ("*", r.method) and (m := path.fullmatch(r.path)):
                return handler(r, *m.groups())
        return _json({"message": "Unknown", "code": 10000}, status=404)

    def _me(self, r: Request) -> web.Response:
        if r.authorization != f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        return _json(self.bot_user)

    def _application(self) -> dict[str, Any]:
        return {"id": self.app_id, "name": "kkrbot", "description": "", "icon": None,
                "bot_public": True, "bot_require_code_grant": False, "owner": self.bot_user,
                "verify_key": "0" * 64, "flags": 0, "summary": "", "team": None}

    def _gateway_info(self) -> dict[str, Any]:
        return {"url": self.gateway_url, "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}

    def _guild_commands(self, r: Request, guild_id: str) -> web.Response:
        if guild_id != self.guild_id:  # a guild the bot was never invited to
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        if r.method != "PUT":
            return _json({"message": "Unknown", "code": 10000}, status=404)
        return self._sync(r)

    def _sync(self, r: Request) -> web.Response:
        """PUT …/commands: the bot's commands registered, as Discord returns them."""
        return _json([dict(c, id=self.next_id(), application_id=self.app_id, version="1",
                           default_member_permissions=None, type=c.get("type", 1)) for c in r.json])

    def _get_channel(self, r: Request, channel_id: str) -> web.Response:
        return _json(self._channel(channel_id)) if self._known_channel(channel_id) else _json(UNKNOWN_CHANNEL, 404)

    def _callback(self, r: Request, interaction_id: str, token: str) -> web.Response:
        """POST /interactions/{id}/{token}/callback: the bot's first response to an interaction."""
        interaction = self.interactions.get(interaction_id)
        if interaction is None or interaction["token"] != token:
            return _json(UNKNOWN_INTERACTION, 404)
        if interaction_id in self._acknowledged:
            return _json(ALREADY_ACKNOWLEDGED, 400)
        kind = r.json["type"]
        data = r.json.get("data") or {}
        sent: Sent | None = None
        if kind in (4, 5):  # CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
            sent = self._create(data, r.files, interaction["channel_id"], "response", interaction)
            if kind == 5:
                sent.data["flags"] |= LOADING
        elif kind in (6, 7):  # DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE: the message the component is on
            if "message" not in interaction:
                return _json(INVALID_FORM_BODY, 400)
            sent = self.messages[interaction["message"]["id"]]
            if kind == 7:
                self._edit(sent, data, r.files)
        elif kind == 9:  # MODAL
            modal = copy.deepcopy(data)
            _number_components(modal["components"])
            self.modals[interaction_id] = modal
        self._acknowledged.add(interaction_id)
        about: dict[str, Any] = {"id": interaction_id, "type": interaction["type"],
                                 "response_message_loading": kind == 5}
        resource: dict[str, Any] = {"type": kind}
        if sent is not None:
            self._originals[token] = r.message = sent.id
            about.update(response_message_id=sent.id, response_message_ephemeral=sent.ephemeral)
            if kind in (4, 7):  # Discord returns the message only for these two
                resource["message"] = sent.data
        return _json({"interaction": about, "resource": resource})

    def _webhook(self, r: Request, token: str, message_id: str | None) -> web.Response:
        """The interaction webhook: follow-ups, and getting, editing or deleting a response."""
        interaction = next((i for i in self.interactions.values() if i["token"] == token), None)
        if interaction is None or interaction["id"] not in self._acknowledged:
            return _json(UNKNOWN_WEBHOOK, 404)  # a follow-up before the callback fails like this too
        if message_id is None:
            if r.method != "POST":
                return _json(UNKNOWN_WEBHOOK, 404)
            return self._post(r, interaction["channel_id"], "followup", interaction)
        if message_id == "@original":
            message_id = self._originals.get(token)
        sent = self.messages.get(message_id or "")
        ours = sent is not None and (sent.id == self._originals.get(token) or sent.token == token)
        if sent is None or sent.deleted or not ours:
            return _json(UNKNOWN_MESSAGE, 404)
        return self._message_verb(r, sent)

    def _channel_messages(self, r: Request, channel_id: str, message_id: str | None) -> web.Response:
        """/channels/{id}/messages: the bot posting in a channel or DM, and its own messages there."""
        if not self._known_channel(channel_id):
            return _json(UNKNOWN_CHANNEL, 404)
        if message_id is None:
            if r.method != "POST":
                return _json({"message": "405: Method Not Allowed", "code": 0}, 405)
            if self._recipient(channel_id) in self.refused_dms:
                return _json(CANNOT_DM, 403)
            return self._post(r, channel_id, "channel")
        sent = self.messages.get(message_id)
        if sent is None or sent.deleted or sent.ephemeral or sent.channel_id != channel_id:
            return _json(UNKNOWN_MESSAGE, 404)
        return self._message_verb(r, sent)

    def _post(self, r: Request, channel_id: str, via: str, interaction: dict[str, Any] | None = None) -> web.Response:
        sent = self._create(r.json or {}, r.files, channel_id, via, interaction)
        r.message = sent.id
        return _json(sent.data)

    def _message_verb(self, r: Request, sent: Sent) -> web.Response:
        if r.method == "GET":
            return _json(sent.data)
        if r.method == "PATCH":
            self._edit(sent, r.json or {}, r.files)
            r.message = sent.id
            return _json(sent.data)
        if r.method == "DELETE":
            sent.deleted = True
            return web.Response(status=204)
        return _json({"message": "405: Method Not Allowed", "code": 0}, 405)

    def _known_channel(self, channel_id: str) -> bool:
        return channel_id in (self.channel_id, self.news_channel_id) or self._recipient(channel_id) is not None

    # --- messages ---------------------------------------------------------------

    def _create(self, body: dict[str, Any], files: dict[str, tuple[str, bytes]], channel_id: str, via: str,
                interaction: dict[str, Any] | None = None) -> Sent:
        """A new message from what the bot sent (JSON body or payload_json, and uploads)."""
        data: dict[str, Any] = {
            "id": self.next_id(), "channel_id": channel_id, "author": self.bot_user, "content": "",
            "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": bool(body.get("tts")),
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "components": [], "pinned": False, "type": 0, "flags": body.get("flags") or 0,
        }
        if reference := body.get("message_reference"):
            data["message_reference"] = {"type": 0, "message_id": str(reference["message_id"]),
                                         "channel_id": str(reference.get("channel_id") or channel_id)}
            data["type"] = 19  # REPLY
        if interaction is not None:
            data.update(webhook_id=self.app_id, application_id=self.app_id,
                        interaction_metadata=self._metadata(interaction, via))
            if interaction["type"] == INTERACTION_TYPES["COMMAND"]:
                data["type"] = 20  # CHAT_INPUT_COMMAND
        sent = Sent(data, via, token=interaction["token"] if interaction else None)
        self._apply(sent, body, files)
        self.messages[sent.id] = sent
        return sent

    def _edit(self, sent: Sent, body: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> None:
        """Apply an edit: fields sent replace, fields left out stay; an ephemeral message stays so."""
        self._apply(sent, body, files)
        sent.data["flags"] &= ~LOADING
        sent.data["edited_timestamp"] = TIMESTAMP
        sent.edits += 1

    def _apply(self, sent: Sent, body: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> None:
        data = sent.data
        if "content" in body:
            data["content"] = body["content"] or ""
        for key in ("embeds", "components"):
            if key in body:
                data[key] = copy.deepcopy(body[key] or [])
        _number_components(data["components"])
        if files or "attachments" in body:
            data["attachments"] = self._attachments(sent, body.get("attachments"), files)

    def _attachments(self, sent: Sent, listed: list[dict[str, Any]] | None,
                     files: dict[str, tuple[str, bytes]]) -> list[dict[str, Any]]:
        """The message's attachments: those `listed` (kept ones by id, new uploads by files[n]), else
        the old ones and then every upload."""
        old = {a["id"]: a for a in sent.data["attachments"]}
        if listed is None:
            return list(old.values()) + [self._attachment(sent, *upload) for upload in files.values()]
        result = []
        for item in listed:
            key = str(item["id"])
            if key in old:
                result.append(old[key])
            elif upload := files.get(f"files[{key}]"):
                result.append(self._attachment(sent, item.get("filename") or upload[0], upload[1]))
        return result

    def _attachment(self, sent: Sent, name: str, content: bytes) -> dict[str, Any]:
        sent.files[name] = content
        attachment_id = self.next_id()
        url = f"https://cdn.discordapp.com/attachments/{sent.channel_id}/{attachment_id}/{name}"
        kind = mimetypes.guess_type(name)[0]
        return {"id": attachment_id, "filename": name, "size": len(content), "url": url, "proxy_url": url,
                "content_type": f"{kind}; charset=utf-8" if kind and kind.startswith("text/") else kind}

    def _metadata(self, interaction: dict[str, Any], via: str) -> dict[str, Any]:
        user = interaction["member"]["user"] if "member" in interaction else interaction["user"]
        metadata = {"id": interaction["id"], "type": interaction["type"], "user": user,
                    "authorizing_integration_owners": interaction["authorizing_integration_owners"]}
        if via == "followup" and interaction["token"] in self._originals:
            metadata["original_response_message_id"] = self._originals[interaction["token"]]
        if "message" in interaction:
            metadata["interacted_message_id"] = interaction["message"]["id"]
        return metadata


def _chosen(select: dict[str, Any], values: list[str]) -> list[str]:
    # What a Discord client lets a user choose: option values, between min_values and max_values of them.
    offered = [option["value"] for option in select["options"]]
    if unknown := [v for v in values if v not in offered]:
        raise ValueError(f"select {select['custom_id']!r} offers {offered}, not {unknown}")
    least, most = select.get("min_values", 1), select.get("max_values", 1)
    if not least <= len(values) <= most:
        raise ValueError(f"select {select['custom_id']!r} takes {least}-{most} values, not {len(values)}")
    return values


def _submitted(component: dict[str, Any], values: dict[str, str | list[str]]) -> dict[str, Any]:
    # A modal component as Discord sends it back on submit: the same layout, each input with its value.
    kind, custom_id = component["type"], component.get("custom_id", "")
    if kind == ACTION_ROW:
        return {"type": kind, "id": component["id"],
                "components": [_submitted(c, values) for c in component["components"]]}
    if kind == LABEL:
        return {"type": kind, "id": component["id"], "component": _submitted(component["component"], values)}
    if kind == TEXT_DISPLAY:
        return {"type": kind, "id": component["id"]}
    if kind == TEXT_INPUT:
        value = values.get(custom_id, component.get("value") or "")
        if not isinstance(value, str):
            raise ValueError(f"text input {custom_id!r} takes a string, not {value!r}")
        if component.get("required", True) and not value:
            raise ValueError(f"text input {custom_id!r} is required")
        if value and not component.get("min_length", 0) <= len(value) <= component.get("max_length", 4000):
            raise ValueError(f"text input {custom_id!r} takes {component.get('min_length', 0)}-"
                             f"{component.get('max_length', 4000)} characters, not {len(value)}")
        return {"type": kind, "id": component["id"], "custom_id": custom_id, "value": value}
    if kind == STRING_SELECT:
        chosen = values.get(custom_id, [])
        return {"type": kind, "id": component["id"], "custom_id": custom_id,
                "values": _chosen(component, [chosen] if isinstance(chosen, str) else chosen)}
    raise ValueError(f"the stand-in cannot submit a modal component of type {kind}")
