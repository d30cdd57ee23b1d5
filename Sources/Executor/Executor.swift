// The executor.
