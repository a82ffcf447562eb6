"""PDF jobs: the lifecycle owner (leases, claims, recovery), the fair scheduler and the worker processes."""
