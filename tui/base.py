"""What every screen of the console shares: failed workers become an error dialog, and a typed app.

Worker state messages do not bubble, so the one handler lives in a mixin that every
screen (and the app) takes. It is a named handler (``on_worker_state_changed``), not an
``@on`` one: Textual collects ``@on`` handlers only from classes that are message pumps.

A screen's ``self.app`` is the console's ``ProfilesApp`` for the type checker, so
``self.app.selection`` or ``self.app.open_person(...)`` is checked like any call. The
declaration is Textual's own (``getters.app``), made for the type checker alone: at run
time ``app`` stays Textual's property (``ProfilesApp`` imports the screens, so the screens
cannot import it back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import getters
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from .key_order import OrderedKeys
from .widgets.error_dialog import ErrorDialog

if TYPE_CHECKING:
    from textual.app import App

    from .app import ProfilesApp

ResultType = TypeVar("ResultType")
"""What a screen dismisses with: ``StoreScreen[None]`` for one that is only closed."""


class WorkerErrors:
    """Mixin: a worker that fails shows its error in a dialog instead of crashing the app."""

    if TYPE_CHECKING:
        app: App[Any]  # the mixin's hosts are message pumps (the app and its screens)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler of worker states: a failed worker shows its error in a dialog."""
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED) and isinstance(
            self.app, OrderedKeys
        ):
            self.app.worker_ended(event.worker)
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.push_screen(ErrorDialog(event.worker.error))
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[Any]) -> None:
        """Hook for screens that must undo a "busy" state when a worker fails."""


class StoreScreen(WorkerErrors, Screen[ResultType]):
    """A full screen of the console."""

    if TYPE_CHECKING:
        app = getters.app(ProfilesApp)


class StoreModal(WorkerErrors, ModalScreen[ResultType]):
    """A modal screen of the console that talks to the store.

    A modal hides the app's keys from Textual's binding chain, so it binds help (``?`` and
    F1) itself: the help then lists the dialog's own keys. A text field keeps ``?`` for typing.
    """

    BINDINGS = [
        Binding("question_mark,f1", "app.help", "Help", id="dialog.help", tooltip="Keys of this dialog")
    ]

    if TYPE_CHECKING:
        app = getters.app(ProfilesApp)
