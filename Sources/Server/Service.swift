// The service.
