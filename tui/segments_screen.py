"""Segments (``3``): the list with member counts, and an editor of conditions as a tree.

Left, every segment with how many persons it holds now. Right, the segment opened
(``enter`` on the list): its condition as a tree of all / any groups, and above it the
count of the condition as it stands in the editor, unsaved changes included. Each change
counts again in a worker after a short pause (typing several changes counts once); every
count carries the token of the draft it counts, and an answer for an older draft is
dropped, so a slow count never overwrites a newer one. A draft the store refuses shows
the store's message, and the tree marks the condition its path names.

| Key | Description |
| :- | :- |
| enter | Open the segment (list) / edit the condition, or switch all ↔ any (tree) |
| a | Add a condition to the highlighted group |
| g | Add a group (any inside all, all inside any) |
| d | Remove the condition (tree) / delete the segment (list, asks) |
| ctrl+s | Save the segment |
| n | New segment |
| e | Rename the segment |
| l | The members: the persons list filtered to the segment |
| t | Tag (or untag) every member |
| x | Export the members to CSV or XLSX |
| r | Refresh |
| escape | Back to the list |
"""

from __future__ import annotations

import json
import time
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static, Tree
from textual.widgets.tree import TreeNode
from textual.worker import get_current_worker

from store.companies import company_names
from store.errors import ProfilesError
from store.fields import PERSON_TYPES
from store.persons.listing import PersonCriteria, tag_names
from store.segments import segments
from store.segments.choices import condition_choices
from store.segments.language import InvalidCondition, clean_name
from store.segments.segments import SegmentInfo

from . import segment_draft as draft_tree
from .base import StoreScreen
from .condition_dialog import ConditionDialog
from .messages import (
    ConditionChoicesLoaded,
    MembersTagged,
    SegmentCounted,
    SegmentDeleted,
    SegmentRefused,
    SegmentRenamed,
    SegmentSaved,
    SegmentsLoaded,
    SegmentTagChoices,
)
from .segment_draft import Path
from .tag_prompt import TagPrompt
from .tags_screen import NamePrompt
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.error_dialog import ErrorDialog
from .widgets.row_table import RowTable

COUNT_DEBOUNCE_S = 0.3
NEW_CONDITION: dict[str, Any] = {"all": []}


class SegmentList(RowTable):
    """The segments with their member counts.

    New, tag and export work in the tree too (the screen's keys); the footer names them
    here only, where there is room for them at 80 columns.
    """

    BINDINGS = [
        Binding("d", "screen.delete_segment", "Delete", id="segments.delete", tooltip="Delete the segment"),
        Binding("n", "screen.new", "New", id="segments.list-new", tooltip="New segment"),
        Binding("t", "screen.tag_members", "Tag", id="segments.list-tag", tooltip="Tag every member"),
        Binding("x", "screen.export", "Export", id="segments.list-export", tooltip="Export the members"),
    ]


class ConditionTree(Tree[Path]):
    """The condition of the segment opened, as a tree of groups and conditions."""

    BINDINGS = [
        Binding("enter", "screen.edit_node", "Edit", id="condition.edit", tooltip="Edit / all ↔ any"),
        Binding("a", "screen.add_condition", "Add", id="condition.add", tooltip="Add a condition"),
        Binding("g", "screen.add_group", "Group", id="condition.group", tooltip="Add a group"),
        Binding("d", "screen.remove_node", "Remove", id="condition.remove", tooltip="Remove"),
    ]


class SegmentNamePrompt(NamePrompt):
    """The name dialog for a segment: a refused name stays in it with the store's message."""

    HELP_TITLE = "Segment name"


class SegmentsScreen(StoreScreen[None]):
    """Define segments by their conditions; see, tag and export their members."""

    HELP_TITLE = "Segments"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="segments.save", tooltip="Save the segment"),
        Binding("n", "new", "New", show=False, id="segments.new", tooltip="New segment"),
        Binding("e", "rename", "Rename", show=False, id="segments.rename", tooltip="Rename the segment"),
        Binding("l", "members", "Members", id="segments.members", tooltip="The persons of the segment"),
        Binding("t", "tag_members", "Tag", show=False, id="segments.tag", tooltip="Tag every member"),
        Binding("x", "export", "Export", show=False, id="segments.export", tooltip="Export the members"),
        Binding("a", "add_condition", "Add", show=False, id="segments.add", tooltip="Add a condition"),
        Binding("g", "add_group", "Group", show=False, id="segments.group", tooltip="Add a group"),
        Binding("r", "refresh", "Refresh", show=False, id="segments.refresh"),
        Binding("escape", "to_list", "List", show=False, id="segments.back", tooltip="Back to the list"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[SegmentInfo] = []
        self.segment_name: str | None = None  # the segment opened in the editor
        self.saved: Any = None  # its condition as saved (None: a new segment, not saved yet)
        self.draft: Any = None  # the condition in the editor
        self.token = 0  # of the latest draft: an older count is dropped
        self.count: int | None = None
        self.error: InvalidCondition | None = None
        self.bad: Path | None = None  # the node the store's refusal is about
        self.in_dialog = False  # one of this screen's dialogs is open

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="segments-body"):
            with Vertical(id="segments-left"):
                yield SegmentList(id="segment-list", cursor_type="row", zebra_stripes=True)
                yield Label("", id="segments-position")
            with Vertical(id="segments-right"):
                yield Label("No segment open", id="editor-title")
                yield Label("", id="live-count")
                yield ConditionTree("condition", id="condition")
                yield Static("", id="condition-message", markup=False)
        yield Footer()

    @property
    def table(self) -> SegmentList:
        """The segment list."""
        return self.query_one("#segment-list", SegmentList)

    @property
    def editor(self) -> ConditionTree:
        """The condition tree."""
        return self.query_one("#condition", ConditionTree)

    @property
    def dirty(self) -> bool:
        """The editor holds changes not saved yet."""
        return self.draft is not None and self.draft != self.saved

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Segment", width=22)
        table.add_column("Members", width=9)
        self.editor.show_root = True
        self.editor.guide_depth = 3
        self._render_tree(None)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        """Back from another screen (the members, a person): counts may have changed. Back from
        one of this screen's dialogs they have not (each write loads the list itself)."""
        if self.in_dialog:
            self.in_dialog = False
            return
        self.load()

    def dialog(self, screen: Screen[Any], callback: Any = None) -> None:
        """Show one of this screen's dialogs (coming back from it loads nothing)."""
        self.in_dialog = True
        self.app.push_screen(screen, callback)

    # ------------------------------------------------------------------ the list

    def load(self) -> None:
        """Load the segments with their counts (in a worker; the keys typed meanwhile wait)."""
        self.app.hold_keys_for(self._load())

    @work(thread=True, exclusive=True, group="segments-load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(SegmentsLoaded(segments.list_segments(with_counts=True)))

    def on_segments_loaded(self, message: SegmentsLoaded) -> None:
        table = self.table
        row = table.cursor_row
        self.segments = message.segments
        table.clear()
        for info in self.segments:
            table.add_row(cell(info.name), cell(f"{number(info.count):>9}"), key=str(info.id))
        if self.segments:
            table.move_cursor(row=min(max(row, 0), len(self.segments) - 1), animate=False)
        many = len(self.segments)
        self.query_one("#segments-position", Label).update(
            f"{number(many)} segment{'' if many == 1 else 's'}"
        )
        if self.draft is None and self.segments:
            self.open_segment(self.segments[table.cursor_row])

    def current(self) -> SegmentInfo | None:
        """The highlighted segment of the list."""
        if not self.segments:
            return None
        return self.segments[min(self.table.cursor_row, len(self.segments) - 1)]

    @on(DataTable.RowSelected, "#segment-list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.segments):
            return
        info = self.segments[event.cursor_row]  # the row enter was pressed on, wherever the cursor is now
        if info.name == self.segment_name:
            self.editor.focus()
            return
        self._unless_dirty(lambda: self._open_and_focus(info))

    def _open_and_focus(self, info: SegmentInfo) -> None:
        self.open_segment(info)
        self.editor.focus()

    def _unless_dirty(self, then: Any) -> None:
        """Run ``then`` now, or after the user agrees to drop unsaved changes."""
        if not self.dirty:
            then()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        question = f"Discard the unsaved changes of {clean(self.segment_name)}?"
        self.dialog(ConfirmScreen(question, yes="Discard"), answered)

    def open_segment(self, info: SegmentInfo) -> None:
        """Show a saved segment in the editor."""
        self.segment_name = info.name
        self.saved = info.condition
        self.set_draft(info.condition)

    # ------------------------------------------------------------------ the editor

    def set_draft(self, condition: Any, cursor: Path | None = None) -> None:
        """Show ``condition`` in the editor and count it (after a short pause)."""
        self.draft = condition
        self.error = None
        self.bad = None
        self._render_tree(cursor)
        self._show_title()
        self.token += 1
        self.query_one("#live-count", Label).update("counting…")
        self.query_one("#condition-message", Static).update("")
        self._count(condition, self.token)

    def _count(self, condition: Any, token: int) -> None:
        """Count the draft in a worker; a newer draft cancels one still waiting out its pause."""

        def run() -> None:
            worker = get_current_worker()
            time.sleep(COUNT_DEBOUNCE_S)
            if worker.is_cancelled:
                return
            try:
                count = segments.count_condition(condition)
            except ProfilesError as error:
                self.post_message(SegmentCounted(token, None, error))
                return
            self.post_message(SegmentCounted(token, count))

        self.run_worker(run, thread=True, group="segments-count", exclusive=True, exit_on_error=False)

    def on_segment_counted(self, message: SegmentCounted) -> None:
        if message.token != self.token:
            return  # a count of an older draft
        self.count = message.count
        label = self.query_one("#live-count", Label)
        if message.error is None:
            count = message.count or 0
            label.update(Text(f"{number(count)} member{'' if count == 1 else 's'}", style="bold"))
            return
        label.update(Text("cannot count: see below", style="bold $error"))
        self.query_one("#condition-message", Static).update(clean(message.error.message))
        if isinstance(message.error, InvalidCondition):
            self.error = message.error
            self.bad = draft_tree.path_of_error(self.draft, message.error.path)
            self._render_tree(self._cursor_path())

    def _show_title(self) -> None:
        if self.segment_name is None:
            text = Text("No segment open")
        else:
            state = " · new, not saved" if self.saved is None else (" · changed" if self.dirty else "")
            text = Text.assemble(Text(clean(self.segment_name), style="bold"), Text(state, style="italic"))
        self.query_one("#editor-title", Label).update(text)

    def _cursor_path(self) -> Path | None:
        node = self.editor.cursor_node
        return node.data if node is not None else None

    def _render_tree(self, cursor: Path | None) -> None:
        tree = self.editor
        tree.clear()
        if self.draft is None:
            tree.root.set_label(Text("n makes a segment, enter on the list opens one", style="italic"))
            return
        tree.root.set_label(self._label(self.draft, ()))
        tree.root.data = ()
        wanted: TreeNode[Path] | None = tree.root if cursor == () else None

        def fill(parent: TreeNode[Path], path: Path) -> None:
            nonlocal wanted
            for step, child in draft_tree.children(draft_tree.node_at(self.draft, path)):
                child_path = (*path, step)
                label = self._label(child, child_path)
                if draft_tree.children(child) or draft_tree.group_kind(child):
                    node = parent.add(label, data=child_path, expand=True)
                    fill(node, child_path)
                else:
                    node = parent.add_leaf(label, data=child_path)
                if child_path == cursor:
                    wanted = node

        fill(tree.root, ())
        tree.root.expand_all()
        if wanted is not None:
            tree.call_after_refresh(tree.move_cursor, wanted)

    def _label(self, node: Any, path: Path) -> Text:
        text = Text(clean(draft_tree.words(node)))
        kind = draft_tree.group_kind(node)
        if kind is not None:
            text.stylize("bold")
            if not node[kind]:
                text.append("  (empty: a add)", style="italic")
        if self.bad is not None and path == self.bad:
            text.append("  ✗ refused", style="bold red")
        return text

    def _editing(self) -> bool:
        if self.draft is None:
            self.notify("Open a segment (enter) or make one (n) first.", severity="warning")
            return False
        return True

    def _target(self) -> Path:
        """The highlighted node of the tree (the top when the list has the focus: it moves to the tree)."""
        if self.focused is not self.editor:
            self.editor.focus()
            return ()
        path = self._cursor_path()
        return path if path is not None else ()

    def action_add_condition(self) -> None:
        """Add a condition to the highlighted group (or after the highlighted condition)."""
        if self._editing():
            self._choices(self._target(), new=True)

    def action_edit_node(self) -> None:
        """Edit the highlighted condition; on a group, switch it between all and any."""
        if not self._editing():
            return
        path = self._target()
        node = draft_tree.node_at(self.draft, path)
        if draft_tree.group_kind(node) is not None:
            self.set_draft(draft_tree.switch_group(self.draft, path), path)
        elif isinstance(node, dict) and "not" in node:
            self.notify("A 'not' holds one condition: edit that one.", severity="warning")
        else:
            self._choices(path, new=False)

    def action_add_group(self) -> None:
        """Add an empty group (any inside all, all inside any); a adds to it."""
        if not self._editing():
            return
        path = self._target()
        node = draft_tree.node_at(self.draft, path)
        parent = (
            node if draft_tree.group_kind(node) else draft_tree.node_at(self.draft, path[:-1] if path else ())
        )
        changed, at = draft_tree.add(self.draft, path, draft_tree.new_group(parent))
        self.set_draft(changed, at)

    def action_remove_node(self) -> None:
        """Remove the highlighted condition or group (the top group stays)."""
        if not self._editing():
            return
        path = self._target()
        if not path:
            self.notify("The top group stays: remove the conditions in it.", severity="warning")
            return
        changed, at = draft_tree.remove(self.draft, path)
        self.set_draft(changed, at)

    @work(thread=True, exclusive=True, group="segments-choices", exit_on_error=False)
    def _choices(self, path: Path, new: bool) -> None:
        self.post_message(ConditionChoicesLoaded(condition_choices(), company_names(limit=5000), path, new))

    def on_condition_choices_loaded(self, message: ConditionChoicesLoaded) -> None:
        path: Path = message.path
        node = None if message.new else draft_tree.node_at(self.draft, path)

        def done(condition: dict[str, Any] | None) -> None:
            if condition is None:
                return
            if message.new:
                changed, at = draft_tree.add(self.draft, path, condition)
                self.set_draft(changed, at)
            else:
                self.set_draft(draft_tree.replace(self.draft, path, condition), path)

        self.dialog(ConditionDialog(message.choices, message.companies, node), done)

    # ------------------------------------------------------------------ saving, naming

    def action_save(self) -> None:
        """Save the segment: a new one is created, a saved one gets the condition in the editor."""
        if self._editing() and self.segment_name is not None:
            self._save(self.segment_name, self.draft, self.saved is None)

    @work(thread=True, exclusive=True, group="segments-write", exit_on_error=False)
    def _save(self, name: str, condition: Any, create: bool) -> None:
        try:
            if create:
                info = segments.create_segment(name, condition)
            else:
                info = segments.update_segment(name, condition)
        except ProfilesError as error:
            self.post_message(SegmentRefused(error))
            return
        self.post_message(SegmentSaved(info, create))

    def on_segment_saved(self, message: SegmentSaved) -> None:
        info = message.segment
        if info.name == self.segment_name:
            self.saved = info.condition
            self._show_title()
        self.notify(f"{'Created' if message.created else 'Saved'} segment {clean(info.name)}.")
        self.load()

    def on_segment_refused(self, message: SegmentRefused) -> None:
        error = message.error
        if isinstance(error, InvalidCondition) and self.draft is not None:
            self.bad = draft_tree.path_of_error(self.draft, error.path)
            self.query_one("#condition-message", Static).update(clean(error.message))
            self._render_tree(self._cursor_path())
        self.dialog(ErrorDialog(error))

    def action_new(self) -> None:
        """Start a new segment: its name first, then its conditions; ctrl+s saves it."""

        def named(name: str | None) -> None:
            if name is None or not name.strip():
                return
            self.segment_name = name.strip()
            self.saved = None
            self.set_draft(json.loads(json.dumps(NEW_CONDITION)), ())
            self.editor.focus()

        self._unless_dirty(
            lambda: self.dialog(
                SegmentNamePrompt("New segment name", lambda name: clean_name(name, "Segment")), named
            )
        )

    def action_rename(self) -> None:
        """Rename the highlighted segment (conditions that name it follow)."""
        info = self.current()
        if info is None:
            return

        def renamed(segment: SegmentInfo | None) -> None:
            if segment is not None:
                self.post_message(SegmentRenamed(info.name, segment))

        prompt = SegmentNamePrompt(
            f"Rename segment {clean(info.name)} to",
            lambda name: segments.rename_segment(info.name, name),
            info.name,
        )
        self.dialog(prompt, renamed)

    def on_segment_renamed(self, message: SegmentRenamed) -> None:
        if self.segment_name == message.old:
            self.segment_name = message.segment.name
            self._show_title()
        self.notify(f"Renamed segment {clean(message.old)} to {clean(message.segment.name)}.")
        self.load()

    def action_delete_segment(self) -> None:
        """Delete the highlighted segment, after a confirmation."""
        info = self.current()
        if info is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(info.name)

        details = f"It holds {number(info.count)} persons now; they are not changed."
        self.dialog(ConfirmScreen(f"Delete segment {clean(info.name)}?", details, yes="Delete"), answered)

    @work(thread=True, exclusive=True, group="segments-write", exit_on_error=False)
    def _delete(self, name: str) -> None:
        try:
            segments.delete_segment(name)
        except ProfilesError as error:
            self.post_message(SegmentRefused(error))
            return
        self.post_message(SegmentDeleted(name))

    def on_segment_deleted(self, message: SegmentDeleted) -> None:
        if self.segment_name == message.name:
            self.segment_name = self.saved = self.draft = None
            self._render_tree(None)
            self._show_title()
            self.query_one("#live-count", Label).update("")
        self.notify(f"Deleted segment {clean(message.name)}.")
        self.load()

    # ------------------------------------------------------------------ members

    def _saved_segment(self, what: str) -> str | None:
        """The segment open in the editor, if it is saved as shown; else None, and why."""
        if self.segment_name is None:
            info = self.current()
            return info.name if info is not None else None
        if self.saved is None or self.dirty:
            self.notify(f"Save the changes first (ctrl+s): {what} the saved segment.", severity="warning")
            return None
        return self.segment_name

    def action_members(self) -> None:
        """The persons list filtered to the segment (every type, as the count)."""
        name = self._saved_segment("the members list shows")
        if name is not None:
            self.app.show_persons(criteria=PersonCriteria(PERSON_TYPES, segment=name))

    def action_tag_members(self) -> None:
        """Put a tag on (or take one off) every member of the segment."""
        name = self._saved_segment("tagging takes")
        if name is not None:
            self._tag_choices(name)

    @work(thread=True, exclusive=True, group="segments-tags", exit_on_error=False)
    def _tag_choices(self, name: str) -> None:
        self.post_message(SegmentTagChoices(name, tag_names()))

    def on_segment_tag_choices(self, message: SegmentTagChoices) -> None:
        name = message.segment

        def answered(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self._tag(name, *answer)

        self.dialog(TagPrompt(f"every member of {clean(name)}", message.tags), answered)

    @work(thread=True, exclusive=True, group="segments-write", exit_on_error=False)
    def _tag(self, name: str, mode: str, tag: str) -> None:
        try:
            if mode == "add":
                changed = segments.tag_members(name, tag, source="tui")
            else:
                changed = segments.untag_members(name, tag, source="tui")
        except ProfilesError as error:
            self.post_message(SegmentRefused(error))
            return
        self.post_message(MembersTagged(name, tag, mode == "add", changed))

    def on_members_tagged(self, message: MembersTagged) -> None:
        what = "added to" if message.added else "removed from"
        self.notify(
            f"Tag {clean(message.tag)!r} {what} {number(message.changed)} members of {clean(message.segment)}."
        )
        self.app.refresh_counts()
        self.load()  # a segment that names the tag counts differently now

    def action_export(self) -> None:
        """Export the members of the segment to a CSV or XLSX file."""
        from .export_screen import ExportScreen, ExportSource  # openpyxl loads for an export only

        name = self._saved_segment("an export writes")
        if name is not None:
            criteria = PersonCriteria(PERSON_TYPES, segment=name)
            self.app.push_screen(ExportScreen(ExportSource(criteria, label=f"the members of {name}")))

    def action_refresh(self) -> None:
        """Load the list and count the draft again."""
        self.load()
        if self.draft is not None:
            self.set_draft(self.draft, self._cursor_path())

    def action_to_list(self) -> None:
        """Back to the segment list."""
        self.table.focus()
