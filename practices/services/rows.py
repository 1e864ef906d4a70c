"""Writing ordered child rows (goals, tasks, indicators, documents…) of a content item.

Rows arrive as a list in the order the editor wants. A row with an `id`
updates that existing row (so an indicator keeps the values recorded for
it); a row without one is new; existing rows left out are deleted.
"""

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _


def row_validate(*, row: models.Model, path: str = "", exclude: tuple[str, ...] = ()) -> None:
    """Field validators and the model's clean(), errors keyed by the row's path (`goals[0].tasks[1].ends_on`).

    Constraints are checked by the database; validating them here would cost
    a query per row.
    """
    try:
        row.clean_fields(exclude=[*exclude])
        row.clean()
    except ValidationError as error:
        if not path:
            raise
        raise ValidationError(
            {
                f"{path}.{field}" if field != NON_FIELD_ERRORS else path: messages
                for field, messages in error.message_dict.items()
            }
        ) from error


def ordered_rows_sync(
    *,
    manager,
    rows: list[dict],
    fields: tuple[str, ...],
    path: str,
    children: Callable[[models.Model, dict, str], None] | None = None,
) -> list[models.Model]:
    """Make the parent's rows match `rows` (order kept in `position`); returns the saved rows.

    `manager` is the parent's reverse relation (e.g. `plan.goals`); `children`
    writes each row's own nested rows once the row is saved.
    """
    parent_field = manager.field.name
    existing = {row.pk: row for row in manager.all()}
    saved = []
    for position, data in enumerate(rows):
        row_path = f"{path}[{position}]"
        row_id = data.get("id")
        if row_id is not None and row_id not in existing:
            raise ValidationError({f"{row_path}.id": [_("There is no such row in this item.")]})
        row = existing[row_id] if row_id is not None else manager.model(**{parent_field: manager.instance})
        for name in fields:
            if name in data:
                setattr(row, name, data[name])
        row.position = position
        row_validate(row=row, path=row_path, exclude=(parent_field,))
        row.save()
        saved.append(row)
        if children is not None:
            children(row, data, row_path)
    manager.exclude(pk__in=[row.pk for row in saved]).delete()
    return saved
