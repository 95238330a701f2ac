"""Why a person is, or is not, in a segment (``w`` on a person): the store's explain, line by line.

Pick a segment from the list; the store judges the person by the segment's condition
(``segments.explain``) and the dialog shows whether they are a member, then each
condition of the tree, whether it holds and what it saw (``city equals "Zagreb": no
(city is "Split")``), green where it holds and red where it does not.

| Key | Description |
| :- | :- |
| enter | Explain the highlighted segment |
| escape | Close |
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.errors import ProfilesError
from store.segments import segments
from store.segments.explain import Explained

from .base import StoreModal
from .messages import SaveFailed, SegmentExplained, SegmentNames
from .text import clean


def explained_text(explained: Explained) -> Text:
    """The explained tree as indented lines, each marked by whether it holds."""
    text = Text()

    def walk(item: Explained, depth: int) -> None:
        mark, style = ("✓", "green") if item.holds else ("✗", "red")
        seen = f" ({clean(item.saw)})" if item.saw else ""
        text.append("  " * depth)
        text.append(f"{mark} ", style=f"bold {style}")
        text.append(f"{clean(item.text)}: {'yes' if item.holds else 'no'}{seen}\n")
        for child in item.items:
            walk(child, depth + 1)

    walk(explained, 0)
    text.rstrip()
    return text


class ExplainScreen(StoreModal[None]):
    """Pick a segment; see why the person is or is not in it."""

    HELP_TITLE = "Why (not) in a segment"
    BINDINGS = [Binding("escape", "close", "Close", id="explain.close")]
    DEFAULT_CSS = """
    ExplainScreen { align: center middle; }
    ExplainScreen > Vertical {
        width: 90; max-width: 100%; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    ExplainScreen #explain-segments { height: auto; max-height: 8; }
    ExplainScreen #explain-verdict { text-style: bold; margin-top: 1; }
    ExplainScreen #explain-box { height: 1fr; }
    ExplainScreen .hint { color: $text-muted; }
    """

    def __init__(self, person_id: int, name: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.person_name = name
        self.names: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Why {clean(self.person_name)} is or is not in…", classes="heading", markup=False)
            yield OptionList(id="explain-segments")
            yield Static("", id="explain-verdict")
            with VerticalScroll(id="explain-box"):
                yield Static("", id="explain-lines")
            yield Static("enter explain · escape close", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#explain-segments", OptionList).focus()
        self._names()

    @work(thread=True, exclusive=True, group="explain-names", exit_on_error=False)
    def _names(self) -> None:
        self.post_message(SegmentNames([info.name for info in segments.list_segments()]))

    def on_segment_names(self, message: SegmentNames) -> None:
        options = self.query_one("#explain-segments", OptionList)
        options.clear_options()
        options.add_options([Option(Text(clean(name)), id=str(i)) for i, name in enumerate(message.names)])
        self.names = message.names
        if not message.names:
            self.query_one("#explain-verdict", Static).update("There are no segments yet (3 to make one).")
        else:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#explain-segments")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._explain(self.names[int(event.option.id or 0)])

    @work(thread=True, exclusive=True, group="explain-run", exit_on_error=False)
    def _explain(self, name: str) -> None:
        try:
            member, explained = segments.explain(name, self.person_id)
        except ProfilesError as error:
            self.post_message(SaveFailed(error))
            return
        self.post_message(SegmentExplained(name, member, explained))

    def on_segment_explained(self, message: SegmentExplained) -> None:
        verdict = "is a member of" if message.member else "is not in"
        self.query_one("#explain-verdict", Static).update(
            Text(f"{clean(self.person_name)} {verdict} {clean(message.segment)}.")
        )
        self.query_one("#explain-lines", Static).update(explained_text(message.explained))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.query_one("#explain-verdict", Static).update(Text(clean(message.error.message)))
        self.query_one("#explain-lines", Static).update("")

    def action_close(self) -> None:
        """Close."""
        self.dismiss(None)
