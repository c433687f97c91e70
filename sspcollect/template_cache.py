"""Compiled templates kept for the life of the process, shared by every app it builds.

A server process builds one app, so there this only keeps what Jinja keeps anyway. The tests
build an app for every test, and without it each would compile again every page it renders
(about 0.4 s for the sign-in page and its layout, which is most of a short test).
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


class ProcessTemplateCache(BytecodeCache):
    """Jinja bytecode held in memory, keyed by template and by what shapes its compiled code.

    Jinja's own key is the template's name alone, and its checksum the source alone; two
    environments that compile the same source differently (other extensions, whitespace
    settings or i18n policy) must not share code, so their settings are part of the key.
    A changed source fails the checksum and is compiled again.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._code: dict[str, bytes] = {}

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """The bucket for name as environment compiles it, filled when compiled before."""
        key = self.get_cache_key(f"{_compile_settings(environment)}\n{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill bucket from memory, if this process compiled its template before."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep bucket's freshly compiled code."""
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        """Forget every compiled template."""
        self._code.clear()


def _compile_settings(environment: Environment) -> str:
    """What, besides the source, decides the code Jinja compiles a template into."""
    autoescape: Any = environment.autoescape
    settings = (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        autoescape if isinstance(autoescape, bool) else getattr(autoescape, "__qualname__", "?"),
        tuple(sorted(environment.extensions)),
        tuple(sorted((k, repr(v)) for k, v in environment.policies.items() if k[:4] == "ext.")),
    )
    return repr(settings)


TEMPLATES = ProcessTemplateCache()
