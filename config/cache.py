"""A Redis cache that degrades instead of failing.

The cache holds nothing that must be there (API throttling counters, short-lived
memoised values), so when Redis is down or frozen a request goes on without it: reads
miss, writes are dropped, and the failure opens a short circuit during which Redis is
not tried at all, so that a frozen server costs at most one socket timeout every
``CIRCUIT_SECONDS`` per process rather than one per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CIRCUIT_SECONDS = 10.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _guard(self, call: Callable[[], Any], fallback: Any) -> Any:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call()
        except (RedisError, OSError) as exc:
            with self._lock:
                self._down_until = time.monotonic() + CIRCUIT_SECONDS
            logger.warning("cache: Redis unavailable, going on without it (%r)", exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key, default=None, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guard(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError as in every backend; Redis being away too.
        result = self._guard(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), None
        )
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None):
        self._guard(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._guard(lambda: super(ResilientRedisCache, self).clear(), False)
