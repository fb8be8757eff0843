import os
import pickle

import redis

_redis = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/1"))


def cached(key: str):
    raw = _redis.get(key)
    return None if raw is None else pickle.loads(raw)


def store(key: str, value, ttl: int = 300) -> None:
    _redis.setex(key, ttl, pickle.dumps(value))
