"""Prometheus metrics, one registry per application (tests build several in one process)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.updates = Counter(
            "kinerja_updates_total", "Updates processed, by type", ["type"], registry=r
        )
        self.duplicates = Counter(
            "kinerja_updates_duplicate_total",
            "Redelivered updates recognised and skipped",
            registry=r,
        )
        self.dropped = Counter(
            "kinerja_updates_dropped_total",
            "Updates dropped because their sender was over the per-user pace, by type",
            ["type"],
            registry=r,
        )
        self.handler_errors = Counter(
            "kinerja_handler_errors_total", "Updates whose handler raised", registry=r
        )
        self.replies_shed = Counter(
            "kinerja_replies_shed_total",
            "Replies not sent on purpose (to flooding chats, bursts, a wave of hints): no room",
            registry=r,
        )
        self.latency = Histogram(
            "kinerja_update_seconds",
            "Time from receiving an update to finishing it",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=r,
        )
        self.outbox_depth = Gauge(
            "kinerja_outbox_pending",
            "Messages waiting in the outbox (sampled by the outbox job)",
            registry=r,
        )
        self.outbox_sent = Counter(
            "kinerja_outbox_sent_total", "Outbox messages sent, by kind", ["kind"], registry=r
        )
        self.summaries = Counter(
            "kinerja_summaries_delivered_total", "Weekly summaries delivered", registry=r
        )
        self.reminders = Counter(
            "kinerja_reminders_sent_total", "Reminders sent to ASN", registry=r
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
