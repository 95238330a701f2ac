"""What every screen of the console shares: failed workers become an error dialog.

Worker state messages do not bubble, so the one handler lives in a mixin that every
screen (and the app) takes. It is a named handler (``on_worker_state_changed``), not an
``@on`` one: Textual collects ``@on`` handlers only from classes that are message pumps.
"""

from __future__ import annotations

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from .widgets.error_dialog import ErrorDialog


class WorkerErrors:
    """Mixin: a worker that fails shows its error in a dialog instead of crashing the app."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler of worker states: a failed worker shows its error in a dialog."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.push_screen(ErrorDialog(event.worker.error))  # type: ignore[attr-defined]
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker) -> None:
        """Hook for screens that must undo a "busy" state when a worker fails."""


class StoreScreen(WorkerErrors, Screen):
    """A full screen of the console."""


class StoreModal(WorkerErrors, ModalScreen):
    """A modal screen of the console that talks to the store."""
