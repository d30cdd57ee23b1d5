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

/// The MHD_OPTION_END item that closes an option array.
struct MHD_OptionItem orch_mhd_option_end(void);

/// MHD_start_daemon with its options given as an array ending in MHD_OPTION_END (through MHD_OPTION_ARRAY).
struct MHD_Daemon *orch_mhd_start_daemon(
    unsigned int flags, MHD_AccessHandlerCallback handler, void *handler_cls, const struct MHD_OptionItem *options);

/// Writes the connection's peer address (numeric, no port) into buffer; returns 0 on success, -1 otherwise.
int orch_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t size);
