// The Usetrace API client.
