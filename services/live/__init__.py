"""Live updates: per-user events to every open tab, in one process or across processes through Redis."""
