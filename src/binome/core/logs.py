"""Log lines as JSON for a log collector, and what Sentry may receive.

Logs carry ids and actions, never a household's data. The JSON formatter adds the time, level, logger, message
and, for an error, the exception's class and traceback. Gunicorn's access lines become method, path (without the
query string, where a search could hold a name), status, size and duration — no address, no user agent.
"""

from __future__ import annotations

import datetime as dt
import json
import logging


ACCESS_FIELDS = {"m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = "request"
            entry.update({name: _number(record.args.get(atom)) for atom, name in ACCESS_FIELDS.items()})
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _number(value):
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def scrub_sentry_event(event: dict, hint: dict) -> dict:
    """Keep of the request only its method and path; drop the data of SQL breadcrumbs."""
    request = event.get("request")
    if request:
        url = (request.get("url") or "").split("?", 1)[0]
        event["request"] = {"method": request.get("method"), "url": url}
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        if crumb.get("category") == "query":
            crumb.pop("data", None)
    event.pop("user", None)
    return event
