"""The Discord stand-in's buttons, select menus, modals, DMs and channel posts, driven by the real client.

Each test registers a small test-only view, modal or command on the running
kkrbot, lets discord.py send it through the stand-in, uses it the way a Discord
user would (the stand-in builds the interaction payload Discord sends) and checks
what the stand-in now holds.
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.discord.highlight_pages import highlights_file_reply
from bot.discord.respond import reply_kwargs
from bot.highlights import build_highlights, render_markdown
from tests.conftest import PDF_URL
from tests.discord.fake_discord import LOADING, walk_components

Callback = Callable[[discord.Interaction], Coroutine[Any, Any, None]]


def add_command(bot: commands.Bot, name: str, callback: Callback) -> None:
    """Register a test-only slash command; discord.py finds it by name, so no sync is needed."""
    bot.tree.add_command(app_commands.Command(name=name, description="Kun til test", callback=callback))


class Vote(discord.ui.View):
    """A persistent view: 'Stem' thanks the voter and disables itself."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Stem", custom_id="test:stem", style=discord.ButtonStyle.primary)
    async def vote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        button.disabled = True
        await interaction.response.edit_message(content=f"Stemt af {interaction.user.id}", view=self)

    @discord.ui.button(label="Fortryd", custom_id="test:fortryd")
    async def undo(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message("Fortrudt", ephemeral=True)


class ItemPicker(discord.ui.View):
    """A select menu of a meeting's items; choosing one shows its title and locks the menu."""

    def __init__(self, items: list) -> None:
        super().__init__(timeout=60)
        for i in items:
            self.pick.add_option(label=i.label[:100], value=i.number)
        self.labels = {i.number: i.label for i in items}

    @discord.ui.select(custom_id="test:punkt", placeholder="Vælg et punkt")
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.defer()  # DEFERRED_UPDATE_MESSAGE, then edit the original
        select.disabled = True
        await interaction.edit_original_response(
            content=f"{interaction.user.id} valgte {self.labels[select.values[0]]}", view=self)


class Suggestion(discord.ui.Modal, title="Foreslå et spørgsmål"):
    """A modal with a text input in an action row and one in a label; its submit replies ephemeral."""

    question: discord.ui.TextInput[Suggestion] = discord.ui.TextInput(label="Spørgsmål", custom_id="test:spørgsmål", max_length=200)
    why: discord.ui.Label[Suggestion] = discord.ui.Label(text="Hvorfor?", component=discord.ui.TextInput(
        custom_id="test:hvorfor", style=discord.TextStyle.paragraph, required=False, default="Ingen grund"))

    async def on_submit(self, interaction: discord.Interaction) -> None:
        why = self.why.component.value  # type: ignore[attr-defined]
        await interaction.response.send_message(f"Tak: {self.question.value} ({why})", ephemeral=True)


class SuggestButton(discord.ui.View):
    """A button that opens the Suggestion modal."""

    @discord.ui.button(label="Foreslå", custom_id="test:foreslå")
    async def suggest(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_modal(Suggestion(custom_id="test:forslag"))


class Seen(discord.ui.View):
    """A button in a DM: acknowledged without a message, then the DM itself is edited."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.pressed: list[discord.Interaction] = []

    @discord.ui.button(label="Læst", custom_id="test:læst")
    async def seen(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.pressed.append(interaction)
        await interaction.response.defer()
        await interaction.message.edit(content="Læst", view=None)  # type: ignore[union-attr]


# --- buttons and select menus --------------------------------------------------

async def test_a_persistent_button_survives_a_restart_and_edits_its_message(start_bot, fake):
    run = await start_bot()
    channel = run.bot.get_channel(int(fake.channel_id))
    sent = await channel.send("Stem om punkt 3.4", view=Vote())
    (post,) = fake.posts(fake.channel_id)
    assert post.id == str(sent.id) and post.content == "Stem om punkt 3.4"
    assert post.custom_ids == ["test:stem", "test:fortryd"]
    assert post.component("test:stem")["label"] == "Stem" and not post.component("test:stem")["disabled"]
    before = copy.deepcopy(post.data["components"])
    await run.stop()

    again = await start_bot()  # a new process: the view is known only by its custom_ids
    again.bot.add_view(Vote())
    voter = again.new_user()
    payload = await again.press(post, "test:stem", user=voter)
    assert payload["type"] == 3 and payload["data"] == {"custom_id": "test:stem", "component_type": 2}
    assert payload["message"]["id"] == post.id and payload["message"]["components"] == before
    assert payload["member"]["user"]["id"] == voter
    answer = await again.answer(payload)
    assert answer.request.json["type"] == 7  # UPDATE_MESSAGE
    assert answer.message is post and post.edits == 1
    assert post.content == f"Stemt af {voter}"
    assert post.component("test:stem")["disabled"] and not post.component("test:fortryd")["disabled"]
    with pytest.raises(ValueError, match="disabled"):
        fake.component(post.id, "test:stem", again.new_user())
    # Another user presses the other button: an ephemeral reply only to them.
    other = again.new_user()
    reply = await again.answer(await again.press(post, "test:fortryd", user=other))
    assert reply.content == "Fortrudt" and reply.ephemeral
    assert reply.message.data["interaction_metadata"]["user"]["id"] == other
    assert reply.message.data["interaction_metadata"]["interacted_message_id"] == post.id


async def test_a_select_on_a_command_answer_is_chosen_by_another_user_and_the_original_edited(start_bot):
    run = await start_bot()
    fake = run.fake
    items = run.bot.kb.meetings[0].items

    async def pick(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Vælg et punkt", view=ItemPicker(items))

    add_command(run.bot, "test-punkt", pick)
    asker, other = run.new_user(), run.new_user()
    command = await run.slash("test-punkt", user=asker)
    answer = await run.answer(command)
    message = answer.message
    assert message is fake.original(command["token"]) and not message.ephemeral
    select = message.component("test:punkt")
    assert select["type"] == 3 and [o["value"] for o in select["options"]] == [i.number for i in items]
    with pytest.raises(ValueError, match="offers"):
        fake.component(message.id, "test:punkt", other, values=["99.9"])

    payload = await run.choose(message, "test:punkt", "3.4", user=other)
    assert payload["data"] == {"custom_id": "test:punkt", "component_type": 3, "values": ["3.4"]}
    assert payload["message"]["components"][0]["components"][0]["custom_id"] == "test:punkt"
    update = await run.answer(payload)
    assert (await run.callback(payload)).json["type"] == 6  # DEFERRED_UPDATE_MESSAGE
    assert update.deferred and update.request.path.endswith("/messages/@original")
    assert update.message is message and message.edits == 1
    assert message.content == f"{other} valgte 3.4 DK2020-klimapartnerskabet efter 2023"
    assert message.component("test:punkt")["disabled"]
    assert fake.original(payload["token"]) is message  # a deferred update's @original is the component's message


async def test_a_button_on_an_ephemeral_follow_up_opens_a_modal_whose_submit_replies_ephemeral(start_bot):
    run = await start_bot()
    fake = run.fake

    async def suggest(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.followup.send("Mangler du et svar?", view=SuggestButton(), ephemeral=True)

    add_command(run.bot, "test-forslag", suggest)
    asker = run.new_user()
    command = await run.slash("test-forslag", user=asker)
    await fake.wait_request(lambda r: r.method == "POST" and r.path.endswith(command["token"]))
    (follow_up,) = fake.followups(command["token"])
    assert follow_up.ephemeral and follow_up.custom_ids == ["test:foreslå"]
    assert follow_up.data["interaction_metadata"]["original_response_message_id"] == fake.original(command["token"]).id
    with pytest.raises(ValueError, match="ephemeral"):  # nobody else sees it, so nobody else can press it
        fake.component(follow_up.id, "test:foreslå", run.new_user())

    press = await run.press(follow_up, "test:foreslå")  # the asker, by default
    assert press["member"]["user"]["id"] == asker and press["message"]["flags"] & 64
    opened = await run.answer(press)
    assert opened.modal["custom_id"] == "test:forslag" and opened.modal["title"] == "Foreslå et spørgsmål"
    assert fake.modals[press["id"]]["custom_id"] == "test:forslag"
    inputs = {c["custom_id"]: c for c in walk_components(opened.modal["components"]) if c["type"] == 4}
    assert set(inputs) == {"test:spørgsmål", "test:hvorfor"} and inputs["test:spørgsmål"]["max_length"] == 200
    with pytest.raises(ValueError, match="required"):
        fake.modal_submit(press["id"], {})
    with pytest.raises(ValueError, match="characters"):
        fake.modal_submit(press["id"], {"test:spørgsmål": "x" * 201})

    submit = await run.submit(press, {"test:spørgsmål": "Hvem blev udpeget til Movia?"})
    assert submit["type"] == 5 and submit["data"]["custom_id"] == "test:forslag"
    assert [c["type"] for c in submit["data"]["components"]] == [1, 18]  # the modal's own layout
    assert submit["data"]["components"][1]["component"]["value"] == "Ingen grund"  # left as pre-filled
    assert submit["message"]["id"] == follow_up.id
    reply = await run.answer(submit)
    assert reply.content == "Tak: Hvem blev udpeget til Movia? (Ingen grund)" and reply.ephemeral
    assert reply.message.data["interaction_metadata"]["user"]["id"] == asker


# --- ephemeral flag ----------------------------------------------------------------

async def test_the_ephemeral_flag_is_recorded_on_every_response_and_follow_up(start_bot):
    run = await start_bot()
    fake = run.fake

    async def mixed(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.edit_original_response(content="Kun til dig")
        await interaction.followup.send("Til alle")
        await interaction.followup.send("Også kun til dig", ephemeral=True)

    add_command(run.bot, "test-blandet", mixed)
    command = await run.slash("test-blandet")
    answer = await run.answer(command)
    assert answer.deferred and answer.content == "Kun til dig"
    assert "flags" not in answer.request.json and answer.ephemeral  # the defer made it ephemeral, the edit keeps it
    assert not answer.message.data["flags"] & LOADING
    await fake.wait_request(lambda r: r.method == "POST" and r.path.startswith("/webhooks/")
                            and r.json["content"] == "Også kun til dig")
    followups = fake.followups(command["token"])
    assert [(m.content, m.ephemeral) for m in followups] == [("Til alle", False), ("Også kun til dig", True)]
    assert not (await run.ask("beslutning", spørgsmål="DK2020-klimapartnerskabet")).ephemeral
    assert (await run.ask("hjælp")).ephemeral


async def test_the_stand_in_refuses_a_second_callback_and_a_follow_up_before_the_callback(start_bot):
    run = await start_bot()
    fake = run.fake
    errors: list[int] = []

    async def early(interaction: discord.Interaction) -> None:
        try:
            await interaction.followup.send("For tidligt")
        except discord.NotFound as exc:
            errors.append(exc.code)
        await interaction.response.send_message("Nu")

    add_command(run.bot, "test-tidligt", early)
    command = await run.slash("test-tidligt")
    assert (await run.answer(command)).content == "Nu"
    assert errors == [10015]  # Unknown Webhook
    callback = f"{fake.api_base}/interactions/{command['id']}/{command['token']}/callback"
    async with aiohttp.ClientSession() as session, session.post(callback, json={"type": 4, "data": {}}) as response:
        assert response.status == 400 and (await response.json())["code"] == 40060


# --- direct messages ---------------------------------------------------------------

async def test_direct_messages_are_recorded_per_user_and_a_closed_dm_refuses_with_50007(start_bot, fake):
    run = await start_bot()
    reader, closed = run.new_user(), run.new_user()
    view = Seen()
    user = await run.bot.fetch_user(int(reader))
    sent = await user.send("Nyt referat fra KKR Hovedstaden", view=view)
    (dm,) = fake.dms(reader)
    assert dm.id == str(sent.id) and dm.channel_id == fake.dm_channel(reader) == str(sent.channel.id)
    assert dm.custom_ids == ["test:læst"]
    assert fake.dms(closed) == []

    fake.refuse_dms(closed)
    with pytest.raises(discord.Forbidden) as refused:
        await (await run.bot.fetch_user(int(closed))).send("Nyt referat fra KKR Hovedstaden")
    assert refused.value.status == 403 and refused.value.code == 50007
    assert refused.value.text == "Cannot send messages to this user"
    assert fake.dms(closed) == []

    with pytest.raises(ValueError, match="in a DM"):
        fake.component(dm.id, "test:læst", closed)
    # The recipient presses the button in the DM: a DM interaction (a user, no guild).
    payload = await run.press(dm, "test:læst")
    assert payload["user"]["id"] == reader and payload["context"] == 1
    assert "guild_id" not in payload and "member" not in payload
    answer = await run.answer(payload)
    assert answer.deferred and answer.request.method == "PATCH" and answer.message is dm
    assert dm.content == "Læst" and dm.components == []
    (interaction,) = view.pressed
    assert interaction.guild is None and isinstance(interaction.channel, discord.DMChannel)
    # A slash command in the DM is answered there.
    answer = await run.answer(await run.slash("hjælp", user=reader, dm=True))
    assert answer.ephemeral and answer.message.channel_id == fake.dm_channel(reader)


# --- posts to a channel --------------------------------------------------------------

async def test_the_highlights_posted_in_the_news_channel_are_recorded_once_with_their_file(start_bot, fake):
    run = await start_bot()
    meeting = copy.deepcopy(run.bot.kb.meetings[0])
    meeting.source_url = PDF_URL  # a link to each point's page: too long for an embed
    news = run.bot.get_channel(int(fake.news_channel_id))
    assert isinstance(news, discord.TextChannel) and news.is_news()
    reply = highlights_file_reply(build_highlights(meeting))  # the Markdown file an editor asks for
    assert reply.attachment is not None
    sent = await news.send(**reply_kwargs(reply), view=Vote())

    (post,) = fake.posts(fake.news_channel_id)
    assert fake.posts(fake.channel_id) == []
    name = f"highlights-{meeting.date}.md"
    markdown = render_markdown(build_highlights(meeting)).encode("utf-8")
    assert post.files == {name: markdown}
    (attachment,) = post.data["attachments"]
    assert attachment["filename"] == name and attachment["size"] == len(markdown)
    assert attachment["content_type"] == "text/markdown; charset=utf-8"
    assert [(a.filename, a.size) for a in sent.attachments] == [(name, len(markdown))]  # discord.py read it back
    assert post.content == reply.content and post.custom_ids == ["test:stem", "test:fortryd"]
    # An edit without files keeps the attachment; an embed post is recorded with its embed.
    await sent.edit(content="Hovedpunkter (rettet)")
    assert post.edits == 1 and post.content == "Hovedpunkter (rettet)" and len(post.data["attachments"]) == 1
    await news.send(embed=discord.Embed(title="Næste møde", description="Se referatet."))
    assert [p.embeds[0]["title"] for p in fake.posts(fake.news_channel_id)[1:]] == ["Næste møde"]
    await sent.delete()
    assert len(fake.posts(fake.news_channel_id)) == 1 and post.deleted
