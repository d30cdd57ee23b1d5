// The HTTP client over libcurl.
