"""What the test tiers share: fixtures (registered as plugins by tests/conftest.py) and helper functions.

Fixture modules: `mongo` (the test MongoDB server, a fresh database per test), `redis` (a real redis-server).
Helper modules: `net` (free ports), `servers` (real `python app.py` processes), `processes` (process trees via
/proc), `seeding` (database state as a crashed app leaves it).
"""
