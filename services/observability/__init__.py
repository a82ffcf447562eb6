"""What operators see: Prometheus metrics (this process's counters, the cluster's queue) and the event-loop lag."""
