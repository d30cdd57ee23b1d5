// The SQLite store; see README.
