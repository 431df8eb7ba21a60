"""``@record``: what ``@dataclass(frozen=True, slots=True)`` makes, at a fraction of its cost at import.

The standard decorator compiles seven or eight small functions for every class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``, the pickling pair) and works out a signature for its
docstring: about 4.6M instructions a class here, and b2bterm's start made some fifty of them before its first screen
(~200M instructions, more than any other single item). A record compiles only its ``__init__`` (the one method whose
speed matters: products are built by the thousand) and shares the others, which read the fields with one
``operator.attrgetter``.

The class is the same to its users: keyword and positional construction, defaults and ``field(default_factory=...)``,
``__post_init__``, equality and hash by the fields in order (``NotImplemented`` against another class), frozen
(``dataclasses.FrozenInstanceError``), ``__slots__``, ``__match_args__``, pickling and copying, and it is a dataclass
to ``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` (its ``__dataclass_fields__`` are real
``Field`` objects). Field options other than a default or a default factory (``repr=False``, ``compare=False``,
``init=False``, ``kw_only``, metadata), ``InitVar`` and ``KW_ONLY`` are refused with a TypeError: use ``@dataclass``
for those.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)

_HAS_FACTORY = object()  # the default of a parameter whose default comes from a factory
_set = object.__setattr__


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _repr(self: Any) -> str:
    cls = type(self)
    return f"{cls.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in cls.__match_args__)})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is self.__class__:
        key = self.__record_key__
        return bool(key(self) == key(other))
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _getstate(self: Any) -> list[object]:
    return [getattr(self, n) for n in type(self).__match_args__]


def _setstate(self: Any, state: list[object]) -> None:
    for name, value in zip(type(self).__match_args__, state, strict=True):
        _set(self, name, value)


def _is_classvar(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__origin__", annotation)
    if isinstance(text, str):
        return text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    from typing import ClassVar

    return text is ClassVar


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    """The fields as a tuple (always a tuple: attrgetter of one name gives the bare value)."""
    if len(names) >= 2:
        return attrgetter(*names)  # type: ignore[return-value]
    if names:
        one = names[0]
        return lambda obj: (getattr(obj, one),)
    return lambda obj: ()


def _check_field(name: str, value: Field[Any]) -> None:
    plain = dataclasses.field(default=value.default, default_factory=value.default_factory)  # type: ignore[call-overload]
    for option in ("init", "repr", "hash", "compare", "metadata"):
        if getattr(value, option) != getattr(plain, option):
            raise TypeError(f"record field {name!r}: only a default or a default factory is supported ({option})")
    if value.kw_only not in (MISSING, False):
        raise TypeError(f"record field {name!r}: kw_only is not supported")


def _init(cls: type, names: list[str], defaults: dict[str, object], factories: dict[str, Callable[[], object]],
          post_init: bool) -> Callable[..., None]:
    """``__init__`` compiled for these fields, as dataclasses writes it."""
    params, body = ["self"], []
    namespace: dict[str, object] = {"_set": _set, "_HAS_FACTORY": _HAS_FACTORY}
    for name in names:
        if name in factories:
            namespace[f"_f_{name}"] = factories[name]
            params.append(f"{name}=_HAS_FACTORY")
            body.append(f" _set(self, {name!r}, _f_{name}() if {name} is _HAS_FACTORY else {name})")
        elif name in defaults:
            namespace[f"_d_{name}"] = defaults[name]
            params.append(f"{name}=_d_{name}")
            body.append(f" _set(self, {name!r}, {name})")
        else:
            params.append(name)
            body.append(f" _set(self, {name!r}, {name})")
    if post_init:
        body.append(" self.__post_init__()")
    if not body:
        body.append(" pass")
    source = f"def __init__({', '.join(params)}):\n" + "\n".join(body)
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)  # our own fixed source
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__module__ = cls.__module__
    return init  # type: ignore[return-value]


def _lazy_init(cls: type, names: list[str], defaults: dict[str, object], factories: dict[str, Callable[[], object]],
               post_init: bool) -> Callable[..., None]:
    """An ``__init__`` that compiles the real one (``_init``) when the class makes its first instance, puts it in
    its place and runs it: most records are never made before the app's first screen, which then compiles none of
    them (compiling was ~0.3 ms a class, fifty classes at start)."""

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        real = cls.__dict__["__init__"]
        if real is __init__:  # the first instance: compile (another thread may have done it meanwhile)
            real = _init(cls, names, defaults, factories, post_init)
            setattr(cls, "__init__", real)  # noqa: B010  (the class, not a frozen instance)
        real(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    return __init__


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, Field))
def record(cls: T) -> T:
    """The class as a frozen, slotted dataclass (see the module's text)."""
    own = cls.__dict__
    names: list[str] = []
    defaults: dict[str, object] = {}
    factories: dict[str, Callable[[], object]] = {}
    fields: dict[str, Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):  # fields of a dataclass base come first, as dataclasses does
        for f in getattr(base, "__dataclass_fields__", {}).values():
            if f._field_type is dataclasses._FIELD:  # type: ignore[attr-defined]
                raise TypeError(f"{cls.__qualname__}: a record cannot extend the dataclass {base.__qualname__}")
    for name, annotation in own.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        if annotation is dataclasses.KW_ONLY or (isinstance(annotation, str) and (
                "InitVar" in annotation or annotation.endswith("KW_ONLY"))):
            raise TypeError(f"{cls.__qualname__}.{name}: InitVar and KW_ONLY are not supported by record")
        value = own.get(name, MISSING)
        default, factory = value, MISSING
        if isinstance(value, Field):
            _check_field(name, value)
            default, factory = value.default, value.default_factory
        if default is not MISSING and default.__class__.__hash__ is None:
            raise ValueError(f"mutable default {type(default)} for field {name} is not allowed: use default_factory")
        if default is MISSING and factory is MISSING and (defaults or factories):
            raise TypeError(f"non-default argument {name!r} follows default argument")
        if factory is not MISSING:
            factories[name] = factory  # type: ignore[assignment]
        elif default is not MISSING:
            defaults[name] = default
        f = dataclasses.field(default=default, default_factory=factory)  # type: ignore[call-overload]
        f.name, f.type, f.kw_only = name, annotation, False
        f._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
        fields[name] = f
        names.append(name)
    for method in ("__setattr__", "__delattr__", "__slots__"):
        if method in own:
            raise TypeError(f"{cls.__qualname__} defines {method}: a frozen record cannot")

    body = {k: v for k, v in own.items() if k not in names and k not in ("__dict__", "__weakref__")}
    body["__slots__"] = tuple(names)
    new: Any = type(cls)(cls.__name__, cls.__bases__, body)
    # what the class writes itself stays, as with dataclasses
    shared = {"__repr__": _repr, "__eq__": _eq, "__hash__": _hash, "__getstate__": _getstate,
              "__setstate__": _setstate}
    if "__init__" not in own:
        shared["__init__"] = _lazy_init(new, names, defaults, factories, hasattr(new, "__post_init__"))
    explicit = set(own)
    if own.get("__hash__", MISSING) is None and "__eq__" in own:
        explicit.discard("__hash__")  # Python's None for a class that writes __eq__: the fields' hash, as dataclasses
    for method, function in shared.items():
        if method not in explicit:
            setattr(new, method, function)
    new.__setattr__ = _frozen_setattr
    new.__delattr__ = _frozen_delattr
    new.__match_args__ = tuple(names)
    new.__record_key__ = staticmethod(_key(tuple(names)))
    new.__dataclass_fields__ = fields
    if new.__doc__ is None:
        new.__doc__ = f"{cls.__name__}({', '.join(names)})"
    return new  # type: ignore[no-any-return]
