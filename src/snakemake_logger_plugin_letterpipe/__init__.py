"""Snakemake logger plugin (``--logger letterpipe``): job events as JSON lines for letterpipe.

``letterpipe build`` reads them from the file descriptor named by ``LETTERPIPE_EVENTS_FD`` to show
progress per letter and language and to find each failed job's log; Snakemake's own text log goes
to ``build/logs/snakemake.log``. Without that variable the plugin does nothing.
"""

from __future__ import annotations

import json
import os
from logging import LogRecord
from typing import Any

from snakemake_interface_logger_plugins.base import LogHandlerBase
from snakemake_interface_logger_plugins.common import LogEvent


def _event(record: LogRecord) -> dict[str, Any] | None:
    event = getattr(record, "event", None)
    if event == LogEvent.JOB_INFO:
        wildcards = getattr(record, "wildcards", None) or {}
        return {"event": "job", "jobid": record.jobid, "rule": record.rule_name, "wildcards": dict(wildcards)}
    if event == LogEvent.JOB_FINISHED:
        return {"event": "finished", "jobid": record.job_id}
    if event == LogEvent.JOB_ERROR:
        return {"event": "error", "jobid": record.jobid, "rule": record.rule_name}
    if event == LogEvent.PROGRESS:
        return {"event": "progress", "done": record.done, "total": record.total}
    return None


class LogHandler(LogHandlerBase):
    def __post_init__(self) -> None:
        fd = os.environ.get("LETTERPIPE_EVENTS_FD", "")
        self._out = os.fdopen(int(fd), "w", buffering=1, encoding="utf-8") if fd.isdigit() else None

    def emit(self, record: LogRecord) -> None:
        if self._out is None:
            return
        data = _event(record)
        if data is None:
            return
        try:
            self._out.write(json.dumps(data, default=str) + "\n")
        except (OSError, ValueError):
            self._out = None

    @property
    def writes_to_stream(self) -> bool:
        return False

    @property
    def writes_to_file(self) -> bool:
        return False

    @property
    def has_filter(self) -> bool:
        return True

    @property
    def has_formatter(self) -> bool:
        return True

    @property
    def needs_rulegraph(self) -> bool:
        return False
