"""A select whose list of options is made once and shared by every page that shows the same choices.

NiceGUI 3.18 (`ChoiceElement._update_options`) turns each option of each select into an observable dict, per page,
and rebuilds the whole list whenever a prop of the select changes. For the 250 countries and 154 currencies of the
invoice editor that was about 1,600 objects per open tab, walked by every full garbage collection (a pause that
grows with the open tabs: bench `dashboards`), and a fifth of the page build. Here the list is a tuple of plain
dicts: NiceGUI does not observe tuples, the collector stops tracking dicts of plain values, and the same tuple
serves every tab. The browser receives the same JSON.
"""

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, TypeVar

from nicegui import ui

Options = tuple[dict[str, Any], ...]
Value = TypeVar("Value", bound=str)


class SharedOptionsSelect(ui.select):
    """`ui.select` with options that never change after they are set (no `new_value_mode`)."""

    def __init__(self, options: Mapping[Value, str], **kwargs: Any) -> None:
        super().__init__(dict(options), **kwargs)

    def _update_values_and_labels(self) -> None:
        options = self.options if isinstance(self.options, dict) else {option: option for option in self.options}
        self._values, self._labels = _values_and_labels(tuple(options.items()))  # type: ignore[assignment]

    def _update_options(self) -> None:
        before = self.value
        self._props["options"] = _options(tuple(self._labels))
        self._props[self.VALUE_PROP] = self._value_to_model_value(before)
        self.value = before if before in self._values else None


@lru_cache(maxsize=64)
def _values_and_labels(items: tuple[tuple[str, str], ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(value for value, _ in items), tuple(label for _, label in items)


@lru_cache(maxsize=64)
def _options(labels: tuple[str, ...]) -> Options:
    return tuple({"value": index, "label": label} for index, label in enumerate(labels))
