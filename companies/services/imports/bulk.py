"""Building and inserting the many rows of an upload: unsaved instances without Model.__init__'s
per-field work, and INSERTs without the ORM's per-value compiler (on PostgreSQL a COPY, with the
primary keys taken from the table's sequence)."""

import re
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.db import connection, connections, models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django_countries.fields import CountryField

from companies.models import (
    Application,
    ApplicationEvent,
    Company,
    ImportRow,
)

# Fields whose Python value is already what the driver takes: read from the instance as they are.
_PLAIN_FIELDS = (
    models.CharField, models.TextField, models.EmailField, models.URLField, models.SlugField,
    models.BooleanField, models.IntegerField, models.PositiveIntegerField,
    models.PositiveSmallIntegerField, models.SmallIntegerField, models.BigIntegerField,
)  # fmt: skip


def _insert_batch_size(columns: int) -> int:
    """Rows per INSERT: SQLite takes as many parameters as it was built for (Django assumes 999,
    which means 30 companies a statement); PostgreSQL takes 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        limit = 65535
    return max(1, min(1000, limit // columns))


def _related_id(f, obj):
    """The foreign key's value, taken from a related object saved since it was set (what
    Model._prepare_related_fields_for_save does for bulk_create)."""
    value = obj.__dict__[f.attname]
    if value is None and f.is_cached(obj):
        related = f.get_cached_value(obj)
        if related is not None:
            if related.pk is None:
                raise ValueError(
                    f"bulk insert prohibited to prevent data loss due to unsaved related "
                    f"object '{f.name}'."
                )
            value = obj.__dict__[f.attname] = related.pk
    return value


def _getter(f, conn):
    """obj → the value the driver is given for field f, as the ORM would prepare it."""
    attname = f.attname
    if f.is_relation:
        return partial(_related_id, f)
    if type(f) in _PLAIN_FIELDS:
        return lambda obj: obj.__dict__[attname]
    if isinstance(f, models.JSONField):
        adapt, encoder = conn.ops.adapt_json_value, f.encoder
        # Most rows hold an empty list or dict here (no errors, no changes): encoded once.
        empty = {list: adapt([], encoder), dict: adapt({}, encoder)}

        def json_value(obj):
            value = obj.__dict__[attname]
            if value is None:
                return None
            if not value and type(value) in empty:
                return empty[type(value)]
            return adapt(value, encoder)

        return json_value
    if type(f) is models.DecimalField:
        adapt, digits, places = (
            conn.ops.adapt_decimalfield_value,
            f.max_digits,
            f.decimal_places,
        )
        to_python = f.to_python
        return lambda obj: adapt(to_python(obj.__dict__[attname]), digits, places)
    if isinstance(f, (models.DateTimeField, models.DateField)) or (
        isinstance(f, CountryField) and not f.multiple
    ):
        # Few distinct values (the import's own time, the figures dates, the countries):
        # prepared once each.
        memo = {}

        def memoised(obj):
            raw = obj.__dict__[attname]
            # Equal times are not always the same instant: 01:30 before and after the clocks
            # go back in one zone (fold) compare equal.
            key = (type(raw), raw, getattr(raw, "tzinfo", None), getattr(raw, "fold", 0))
            if key not in memo:
                memo[key] = f.get_db_prep_save(f.pre_save(obj, True), conn)
            return memo[key]

        return memoised
    if isinstance(f, CountryField):  # multiple: a list of codes, mostly the same few lists
        memo = {}

        def memoised_list(obj):
            raw = obj.__dict__[attname]
            try:
                key = (type(raw), tuple(raw) if isinstance(raw, list) else raw)
                if key not in memo:
                    memo[key] = f.get_db_prep_save(f.pre_save(obj, True), conn)
            except TypeError:  # not hashable: prepared on its own
                return f.get_db_prep_save(f.pre_save(obj, True), conn)
            return memo[key]

        return memoised_list
    return lambda obj: f.get_db_prep_save(f.pre_save(obj, True), conn)


class _Builder:
    """Unsaved instances of a model, as Model(**values) builds them (defaults included) but
    without its per-field keyword handling and descriptors: several times faster for the
    10,000 companies, applications, events and preview rows of an upload. Related objects are
    given by name (`company=company`) and kept in the instance's cache as the descriptor would;
    their key is taken at insert time (see _related_id). Models with pre_init / post_init
    receivers are built by Model(*values), which sends them."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.names = {f.name for f in fields} | set(self.attnames)
        # Defaults: constants copied, callables (a token, a new dict) called for every instance.
        self.constants = {
            f.attname: f._get_default()
            for f in fields
            if not (f.has_default() and callable(f.default))
        }
        self.callables = [
            (f.attname, f.default) for f in fields if f.has_default() and callable(f.default)
        ]
        self.relations = {f.name: f for f in fields if f.is_relation}
        # Fields with a descriptor of their own (a country field) are set through it.
        self.indirect = [
            f.attname
            for f in fields
            if type(getattr(model, f.attname, None))
            not in (DeferredAttribute, ForeignKeyDeferredAttribute)
        ]

    def __call__(self, **values):
        if not values.keys() <= self.names:
            unknown = sorted(set(values) - self.names)
            raise TypeError(f"{self.model.__name__}() got unexpected fields {unknown}")
        model = self.model
        store = self.constants.copy()
        for attname, make in self.callables:
            if attname not in values:
                store[attname] = make()
        related = []
        for key, value in values.items():
            f = self.relations.get(key)
            if f is None:
                store[key] = value
            else:
                related.append((f, value))
                store[f.attname] = value.pk if value is not None else None
        if (pre_init.receivers or post_init.receivers) and (  # none at all: the usual case
            pre_init.has_listeners(model) or post_init.has_listeners(model)
        ):
            instance = model(*(store[attname] for attname in self.attnames))
        else:
            instance = model.__new__(model)
            instance._state = ModelState()
            indirect = [(attname, store.pop(attname)) for attname in self.indirect]
            instance.__dict__.update(store)
            for attname, value in indirect:
                setattr(instance, attname, value)
        for f, obj in related:
            f.set_cached_value(instance, obj)
        return instance


def _bulk_insert(model: type[models.Model], objs: list) -> None:
    """What Model.objects.bulk_create(objs) does for new rows with an automatic primary key
    (defaults, auto_now and auto_now_add, the new primary keys on the objects), without the
    ORM's per-value compiler: for 10,000 companies about 0.3 s instead of 3. One time for every
    auto_now(_add) field of the call. On PostgreSQL (psycopg2) the rows are sent with COPY in
    the same transaction, the ids taken beforehand from the table's sequence: the server parses
    no INSERT and psycopg2 quotes no values (10,000 companies 0.3 s instead of 0.8 s). Values of
    a type the COPY text is not written for are INSERTed as before."""
    if not objs:
        return
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.local_concrete_fields if f is not pk]
    now = timezone.now()
    conn = connections[connection.alias]  # not the proxy: it costs a look-up per use
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
            stored = f.get_db_prep_save(now, conn)
            getters.append(lambda obj, stored=stored: stored)
        else:
            getters.append(_getter(f, conn))
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    if _copy_possible(conn, pk):
        try:
            lines = _copy_lines(objs, getters)
        except _NotCopyable:  # a value COPY would not write as INSERT does: INSERT them
            lines = None
        if lines is not None:
            with conn.cursor() as cursor:
                ids = _next_ids(cursor, meta.db_table, pk.column, len(objs))
                if ids is not None:  # (else a key without a sequence: INSERT them)
                    # IntegrityError and the like raised as execute() raises them.
                    with conn.wrap_database_errors:
                        cursor.copy_expert(
                            f"COPY {table} ({quote(pk.column)}, {columns}) FROM STDIN",
                            _CopyData(ids, lines),
                        )
                    _saved(objs, ids, pk, conn)
                    return
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = _insert_batch_size(len(fields))
    with conn.cursor() as cursor:
        for start in range(0, len(objs), size):
            part = objs[start : start + size]
            params = [get(obj) for obj in part for get in getters]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(part))} "  # noqa: S608
                f"RETURNING {quote(pk.column)}",
                params,
            )
            _saved(part, [new_id for (new_id,) in cursor.fetchall()], pk, conn)


def _saved(objs: list, ids: list, pk, conn) -> None:
    for obj, new_id in zip(objs, ids, strict=True):
        obj.__dict__[pk.attname] = new_id
        obj._state.adding = False
        obj._state.db = conn.alias


# PostgreSQL: COPY ... FROM STDIN (text format) instead of INSERT. The server parses no SQL and
# psycopg2 quotes no values; the primary keys are taken from the table's sequence beforehand
# (what the column's default would have taken), in the caller's transaction like the INSERT.


class _NotCopyable(Exception):
    """A value of a type the text format below does not write as psycopg2 would quote it."""


def _copy_possible(conn, pk) -> bool:
    if conn.vendor != "postgresql" or not isinstance(pk, models.AutoField):
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3  # psycopg 3 has no copy_expert (its cursor.copy() would do)


def _next_ids(cursor, table: str, column: str, count: int) -> list[int] | None:
    """`count` new values of the column's sequence, in increasing order (the order the rows of
    one INSERT get them); None if the column has no sequence of its own."""
    cursor.execute(
        "SELECT nextval(q.seq) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) q, "
        "generate_series(1, %s)",
        [connection.ops.quote_name(table), column, count],
    )
    ids = [new_id for (new_id,) in cursor.fetchall()]
    return None if None in ids else sorted(ids)


# COPY's text format: columns separated by a tab, rows ended by a newline, NULL written \N, and
# a backslash, tab, newline or carriage return inside a value escaped with a backslash.
_COPY_SPECIAL = re.compile(r"[\\\t\n\r\x00]").search


def _copy_str(value: str) -> str:
    if _COPY_SPECIAL(value) is None:
        return value
    if "\x00" in value:  # what psycopg2 says of such a value in an INSERT
        raise ValueError("A string literal cannot contain NUL (0x00) characters.")
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _copy_decimal(value: Decimal) -> str:
    return str(value) if value.is_finite() else "NaN"  # psycopg2 writes 'NaN' for infinities too


def _copy_json(value) -> str:
    return _copy_str(value.dumps(value.adapted))


def _copy_converters() -> dict:
    from django.db.backends.postgresql.psycopg_any import Jsonb
    from psycopg2.extras import Json

    times = {}  # the import's few distinct times (its own "now"), each written once

    def timestamp(value: datetime) -> str:
        key = (value, value.tzinfo, value.fold)  # equal times may differ in their offset
        text = times.get(key)
        if text is None:
            text = times[key] = value.isoformat()
        return text

    return {
        str: _copy_str,
        int: str,
        bool: lambda value: "t" if value else "f",
        type(None): lambda value: "\\N",
        Decimal: _copy_decimal,
        datetime: timestamp,  # isoformat(), offset included, as psycopg2 writes it
        date: date.isoformat,
        Json: _copy_json,
        Jsonb: _copy_json,
    }


def _copy_lines(objs: list, getters: list) -> list[str]:
    """Each object's row as one line of COPY text, without the primary key."""
    converters = _copy_converters()
    lines = []
    for obj in objs:
        row = [get(obj) for get in getters]
        try:
            fields = [converters[type(value)](value) for value in row]
        except KeyError:
            for value in row:
                kind = type(value)
                if kind not in converters:
                    if not issubclass(kind, str):
                        raise _NotCopyable(kind) from None
                    # A str subclass (a TextChoices member, a SafeString): psycopg2 quotes its
                    # characters, as here.
                    converters[kind] = _copy_str
            fields = [converters[type(value)](value) for value in row]
        lines.append("\t".join(fields) + "\n")
    return lines


class _CopyData:
    """The file copy_expert reads: the lines with their primary keys, a block at a time (not
    one string of the whole table)."""

    def __init__(self, ids: list[int], lines: list[str], block: int = 500):
        self.ids, self.lines, self.block, self.start = ids, lines, block, 0
        if len(ids) != len(lines):
            raise ValueError(f"{len(ids)} ids for {len(lines)} rows")

    def read(self, size: int = -1) -> str:
        start, end = self.start, self.start + self.block
        self.start = end
        return "".join(
            [
                f"{new_id}\t{line}"
                for new_id, line in zip(self.ids[start:end], self.lines[start:end], strict=True)
            ]
        )


_new_company = _Builder(Company)


_new_application = _Builder(Application)


_new_event = _Builder(ApplicationEvent)


_new_row = _Builder(ImportRow)
