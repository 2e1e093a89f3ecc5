"""Settings read as the Java SDK reads them."""

from __future__ import annotations

import pytest

from chorus_agent.settings import Settings, duration, from_environment, parse_labels


def test_durations_in_every_form_the_java_sdk_takes():
    assert [duration("X", t) for t in ("500ms", "5s", "2m", "PT5S", "PT1M30S", "pt0.5s")] == [
        0.5, 5, 120, 5, 90, 0.5]
    with pytest.raises(ValueError, match="X 'soon' is not a duration"):
        duration("X", "soon")


def test_environment_fills_what_is_not_given(monkeypatch):
    monkeypatch.setenv("CHORUS_AGENT_ID", "stats-1")
    monkeypatch.setenv("CHORUS_AGENT_LABELS", "region=eu, gpu=true")
    monkeypatch.setenv("CHORUS_AGENT_HEARTBEAT", "1s")
    monkeypatch.setenv("CHORUS_AGENT_LEASE", "3s")
    monkeypatch.setenv("CHORUS_AGENT_DRAIN_TIMEOUT", "2m")
    settings = from_environment("text.stats", concurrency=2, agent_id=None)
    assert (settings.agent_id, settings.concurrency, settings.heartbeat, settings.lease) == ("stats-1", 2, 1, 3)
    assert settings.drain_timeout == 120
    assert settings.labels_text == "gpu=true,region=eu"


def test_bad_settings_are_refused_naming_what_is_wrong():
    with pytest.raises(ValueError, match="agent id 'a:b'"):
        Settings(redis_uri="redis://x", agent_id="a:b", concurrency=1)
    with pytest.raises(ValueError, match="lease .* at least twice the heartbeat"):
        Settings(redis_uri="redis://x", agent_id="a", concurrency=1, heartbeat=5, lease=6)
    with pytest.raises(ValueError, match="label 'fast' must be key=value"):
        parse_labels("fast")
