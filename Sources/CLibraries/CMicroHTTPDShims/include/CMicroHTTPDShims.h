#pragma once
#include <stddef.h>
#include <stdint.h>
#include <microhttpd.h>

// Typed wrappers around libmicrohttpd for Swift, which cannot call C variadic functions
// (MHD_start_daemon, MHD_get_connection_info) nor cast function pointers to intptr_t.

/// The callback MHD calls with the raw request target (before any decoding); its result seeds *con_cls.
typedef void *(*orch_mhd_uri_log_callback)(void *cls, const char *uri, struct MHD_Connection *connection);

/// A non-blocking listening TCP socket bound to host:port (port 0: the kernel picks one).
/// Returns the descriptor, or -1 with *error_number set to the errno of the failing call,
/// or with *resolve_error set to a getaddrinfo code when the host does not resolve.
int orch_mhd_listen(const char *host, uint16_t port, int backlog, int *error_number, int *resolve_error);

/// The local port a socket is bound to, or 0 if it cannot be read.
uint16_t orch_mhd_socket_port(int fd);

/// Closes a socket that MHD does not own (one that never reached MHD, or one MHD_quiesce_daemon returned).
void orch_mhd_close_socket(int fd);

/// An option item taking one unsigned integer (CONNECTION_TIMEOUT, CONNECTION_LIMIT, THREAD_POOL_SIZE, ...).
struct MHD_OptionItem orch_mhd_option_uint(enum MHD_OPTION option, unsigned int value);

/// MHD_OPTION_LISTEN_SOCKET: MHD listens on this socket instead of binding its own.
struct MHD_OptionItem orch_mhd_option_listen_socket(int fd);

/// MHD_OPTION_NOTIFY_COMPLETED with its callback and context.
struct MHD_OptionItem orch_mhd_option_notify_completed(MHD_RequestCompletedCallback callback, void *cls);

/// MHD_OPTION_URI_LOG_CALLBACK with its callback and context.
struct MHD_OptionItem orch_mhd_option_uri_log(orch_mhd_uri_log_callback callback, void *cls);

/// MHD_OPTION_NOTIFY_CONNECTION with its callback and context (told of each connection opened and closed).
struct MHD_OptionItem orch_mhd_option_notify_connection(MHD_NotifyConnectionCallback callback, void *cls);

/// A callback for one whole message of libmicrohttpd's log, already formatted (no trailing newline).
typedef void (*orch_mhd_message_callback)(void *cls, const char *message);

/// Where a daemon's log messages go: a callback and its context. Made by
/// orch_mhd_message_sink_create, freed by orch_mhd_message_sink_free once the daemon is stopped.
struct orch_mhd_message_sink;

/// A message sink calling callback with cls; NULL when out of memory.
struct orch_mhd_message_sink *orch_mhd_message_sink_create(orch_mhd_message_callback callback, void *cls);

/// Frees a sink; only after the daemon it was given to has stopped.
void orch_mhd_message_sink_free(struct orch_mhd_message_sink *sink);

/// MHD_OPTION_EXTERNAL_LOGGER: each message MHD logs is formatted (at most 1 KiB) and given to the
/// sink. MHD logs only when started with MHD_USE_ERROR_LOG.
struct MHD_OptionItem orch_mhd_option_message_sink(struct orch_mhd_message_sink *sink);

/// The MHD_OPTION_END item that closes an option array.
struct MHD_OptionItem orch_mhd_option_end(void);

/// MHD_start_daemon with its options given as an array ending in MHD_OPTION_END (through MHD_OPTION_ARRAY).
struct MHD_Daemon *orch_mhd_start_daemon(
    unsigned int flags, MHD_AccessHandlerCallback handler, void *handler_cls, const struct MHD_OptionItem *options);

/// The connection's socket context (what the NOTIFY_CONNECTION callback stored), or NULL.
void *orch_mhd_socket_context(struct MHD_Connection *connection);

/// The connection's socket descriptor, or -1.
int orch_mhd_connection_fd(struct MHD_Connection *connection);

/// Shuts a connection's socket down both ways (its descriptor stays open: MHD closes it), so that
/// MHD's next read sees the end and closes the connection. Returns 0, or -1 with errno.
int orch_mhd_shutdown_socket(int fd);

/// Writes the connection's peer address (numeric, no port) into buffer; returns 0 on success, -1 otherwise.
int orch_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t size);
