"""The PDF worker's side: a typed invoice in, PDF bytes out. Imports no storage and no database client."""
