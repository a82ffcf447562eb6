"""Where the database runs: the embedded nx-27017 server, the data-folder lock, child-process lifetime."""
