"""Prometheus metrics of one worker: updates handled, errors, reply latency, queue depth.

Each worker keeps its own registry (a load balancer scrapes every worker; Prometheus sums them),
and a test can build several workers in one process without their figures mixing.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

METRICS_KEY = "metrics"
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class BotMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.updates = Counter("ansinh_updates_total", "Telegram updates handled by this worker",
                               registry=self.registry)
        self.errors = Counter("ansinh_update_errors_total", "Updates whose handling failed",
                              ["kind"], registry=self.registry)
        self.latency = Histogram("ansinh_update_seconds", "Time from receiving an update to the end of its "
                                 "handling (the reply sent)", buckets=LATENCY_BUCKETS, registry=self.registry)
        self.queue_depth = Gauge("ansinh_update_queue_depth", "Updates received and not yet handled",
                                 registry=self.registry)
        self.in_flight = Gauge("ansinh_updates_in_flight", "Updates being handled now", registry=self.registry)

    def track_queue(self, depth: Callable[[], int]) -> None:
        """Read the queue depth at scrape time, so the figure is never stale."""
        self.queue_depth.set_function(depth)

    def render(self) -> bytes:
        return generate_latest(self.registry)
