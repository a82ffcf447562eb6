"""The client book at /clients (list, search, add, edit, archive, delete) and the invoice editor's client picker."""
