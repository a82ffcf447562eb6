"""The client book: typed clients, raw drafts from the browser, validation, limits and the use cases."""
