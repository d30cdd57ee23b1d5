// The HTTP server over libmicrohttpd.
