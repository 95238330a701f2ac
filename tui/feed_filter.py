"""The events feed's filter: one event (or any) and a time window, in a small dialog (``/``).

Applying reads the first page with the new filter in a worker: a time the store cannot
read is shown under its field and the dialog stays open; otherwise it closes with the
filter and that page, so the feed shows it at once.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Select, Static

from store.errors import ProfilesError
from store.events import feed

from .base import StoreModal
from .form_fields import clear_errors, show_error
from .messages import FeedFilter, FeedLoaded, SaveFailed


class FeedFilterScreen(StoreModal[FeedLoaded]):
    """Choose the event and the time window; dismisses with the first page of the filter or None.

    Args:
        current: the filter the feed shows now.
        names: every event name, for the choice.
        limit: the feed's page size.
    """

    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="feed-filter.apply"),
        Binding("escape", "cancel", "Cancel", id="feed-filter.cancel"),
        Binding("ctrl+r", "clear", "Clear filters", id="feed-filter.clear"),
    ]

    DEFAULT_CSS = """
    FeedFilterScreen { align: center middle; }
    FeedFilterScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    FeedFilterScreen Label { margin-top: 1; }
    FeedFilterScreen .error { color: $error; height: auto; }
    FeedFilterScreen Button { margin-top: 1; }
    """

    def __init__(self, current: FeedFilter, names: list[str], limit: int) -> None:
        super().__init__()
        self.current = current
        self.names = names
        self.limit = limit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Filter recent events", classes="heading")
            yield Label("Event")
            yield Select(
                [("Any event", "")] + [(name, name) for name in self.names],
                value=self.current.event if self.current.event in self.names else "",
                allow_blank=False,
                id="f-event",
                compact=True,
            )
            yield Label("From (UTC; e.g. 2026-06-01 or 2026-06-01T08:00)")
            yield Input(self.current.since, id="f-since", compact=True)
            yield Static("", classes="error", id="err-since", markup=False)
            yield Label("To (UTC; a date includes that whole day)")
            yield Input(self.current.until, id="f-until", compact=True)
            yield Static("", classes="error", id="err-until", markup=False)
            yield Static("", classes="error", id="err-form", markup=False)
            yield Button("Apply (ctrl+s)", variant="primary", id="apply")

    def on_button_pressed(self) -> None:
        """The button applies."""
        self.action_apply()

    def on_input_submitted(self) -> None:
        """Enter in a time field applies."""
        self.action_apply()

    def action_clear(self) -> None:
        """Reset every filter."""
        self.query_one("#f-event", Select).value = ""
        self.query_one("#f-since", Input).value = ""
        self.query_one("#f-until", Input).value = ""

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)

    def action_apply(self) -> None:
        """Read the first page of the new filter (in a worker)."""
        clear_errors(self)
        wanted = FeedFilter(
            str(self.query_one("#f-event", Select).value),
            self.query_one("#f-since", Input).value.strip(),
            self.query_one("#f-until", Input).value.strip(),
        )
        self._first_page(wanted)

    @work(thread=True, exclusive=True, group="feed-filter", exit_on_error=False)
    def _first_page(self, wanted: FeedFilter) -> None:
        try:
            page = feed.recent_events(
                event=wanted.event or None, since=wanted.since, until=wanted.until, limit=self.limit
            )
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(FeedLoaded(page, wanted, 0, 0))

    def on_feed_loaded(self, message: FeedLoaded) -> None:
        self.dismiss(message)

    def on_save_failed(self, message: SaveFailed) -> None:
        field = message.error.field if message.error.field in ("since", "until") else "form"
        focus = self.query_one(f"#f-{field}") if field != "form" else None
        show_error(self.query_one(f"#err-{field}", Static), message.error.message, focus)
