"""Type stubs of the dualcit package (the Rust extension's API through the Python layer)."""

import os
from typing import Any, Callable, Iterable, Mapping, Sequence, Union, overload, Literal

import pyarrow as pa

from . import _dualcit

PathLike = Union[str, os.PathLike[str]]
TableLike = Any
Input = Union[PathLike, TableLike, _dualcit.Data]
Progress = Union[None, bool, Callable[[str, int, int], None]]

__version__: str

class DualcitWarning(UserWarning):
    """What looks like a mistake in the inputs (the CLI's warnings): file, line, column."""

class DualcitError(ValueError):
    """An engine error; ``file``, ``line``, ``field`` say where (None when unknown).
    Raised for too many rejected rows with the rejects as ``rejects``."""

    file: str | None
    line: int | None
    field: str | None
    rejects: pa.Table

def read(
    source: Input,
    *,
    label: str | None = ...,
    country: str | None = ...,
    on_bad_field: str = ...,
    on_bad_date: str = ...,
    encoding: str = ...,
) -> _dualcit.Data: ...
@overload
def link(
    registry: Input,
    responses: Any,
    *,
    model: Any = ...,
    match_threshold: float | None = ...,
    review_threshold: float | None = ...,
    passes: Sequence[str] | str | None = ...,
    threads: int | None = ...,
    policy: str | None = ...,
    allow: Sequence[str] | None = ...,
    return_rejects: Literal[False] = ...,
    progress: Progress = ...,
    registry_country: str = ...,
    on_bad_field: str = ...,
    on_bad_date: str = ...,
    encoding: str = ...,
    max_reject_share: float | None = ...,
    stats: dict[str, Any] | None = ...,
) -> pa.Table: ...
@overload
def link(
    registry: Input,
    responses: Any,
    *,
    model: Any = ...,
    match_threshold: float | None = ...,
    review_threshold: float | None = ...,
    passes: Sequence[str] | str | None = ...,
    threads: int | None = ...,
    policy: str | None = ...,
    allow: Sequence[str] | None = ...,
    return_rejects: Literal[True],
    progress: Progress = ...,
    registry_country: str = ...,
    on_bad_field: str = ...,
    on_bad_date: str = ...,
    encoding: str = ...,
    max_reject_share: float | None = ...,
    stats: dict[str, Any] | None = ...,
) -> tuple[pa.Table, pa.Table]: ...
def normalize(names: Iterable[str | None] | str, field: str = ...) -> pa.Table: ...
def describe_name(name: str) -> str: ...

class Index:
    @classmethod
    def build(
        cls,
        registry: Input,
        *,
        model: Any = ...,
        match_threshold: float | None = ...,
        review_threshold: float | None = ...,
        passes: Sequence[str] | str | None = ...,
        policy: str | None = ...,
        allow: Sequence[str] | None = ...,
        registry_country: str = ...,
        on_bad_field: str = ...,
        on_bad_date: str = ...,
    ) -> Index: ...
    @classmethod
    def load(cls, path: PathLike) -> Index: ...
    @classmethod
    def from_bytes(cls, data: bytes) -> Index: ...
    def save(self, path: PathLike) -> None: ...
    def to_bytes(self) -> bytes: ...
    def __len__(self) -> int: ...
    def hot_blocks(self, n: int = ...) -> list[dict[str, Any]]: ...
    def query(self, record: Mapping[str, Any]) -> list[dict[str, Any]]: ...

class Truth:
    def __init__(self, source: Any) -> None: ...
    def __len__(self) -> int: ...

def train(
    registry: Input,
    responses: Any,
    *,
    truth: Any = ...,
    model: Any = ...,
    passes: Sequence[str] | str | None = ...,
    u_samples: int | None = ...,
    seed: int | None = ...,
    out: PathLike | None = ...,
    registry_country: str = ...,
) -> tuple[dict[str, Any], dict[str, Any]]: ...
def evaluate(truth: Any, matches: Any) -> dict[str, Any]: ...
def report_html(
    registry: Input,
    responses: Any,
    *,
    truth: Any = ...,
    personal_data: bool = ...,
    model: Any = ...,
    match_threshold: float | None = ...,
    review_threshold: float | None = ...,
    passes: Sequence[str] | str | None = ...,
    policy: str | None = ...,
    threads: int | None = ...,
    out: PathLike | None = ...,
    registry_country: str = ...,
) -> str: ...
