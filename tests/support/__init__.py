"""What the test tiers share: fixtures (registered as plugins by tests/conftest.py) and helper functions.

Fixture modules: `mongo` (the test MongoDB server, a fresh database per test), `redis` (a real redis-server),
`app_environment` (the settings app.py runs with under NiceGUI's user simulation; tests opt in).
Helper modules: `net` (free ports), `servers` (real `python app.py` processes), `processes` (process trees via
/proc), `app` (steps in the simulated browser), `browser` (steps in real Chromium), `seeding` (database state as
a crashed app leaves it).
"""
