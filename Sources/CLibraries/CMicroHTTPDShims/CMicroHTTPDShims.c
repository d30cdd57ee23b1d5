#include "CMicroHTTPDShims.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int orch_mhd_listen(const char *host, uint16_t port, int backlog, int *error_number, int *resolve_error) {
    *error_number = 0;
    *resolve_error = 0;
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    struct addrinfo *found = NULL;
    int rc = getaddrinfo(host, service, &hints, &found);
    if (rc != 0) {
        *resolve_error = rc;
        if (rc == EAI_SYSTEM) *error_number = errno;
        return -1;
    }
    int fd = -1;
    int last_errno = 0;
    for (struct addrinfo *ai = found; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        int on = 1;
        // SO_REUSEADDR lets a restarted server bind while old connections sit in TIME_WAIT;
        // on Linux it still refuses a port that another socket is listening on.
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, backlog) == 0) break;
        last_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    if (fd < 0) *error_number = last_errno;
    return fd;
}

uint16_t orch_mhd_socket_port(int fd) {
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0) return 0;
    if (address.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&address)->sin_port);
    if (address.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    return 0;
}

void orch_mhd_close_socket(int fd) {
    if (fd >= 0) close(fd);
}

struct MHD_OptionItem orch_mhd_option_uint(enum MHD_OPTION option, unsigned int value) {
    struct MHD_OptionItem item = {option, (intptr_t)value, NULL};
    return item;
}

struct MHD_OptionItem orch_mhd_option_listen_socket(int fd) {
    struct MHD_OptionItem item = {MHD_OPTION_LISTEN_SOCKET, (intptr_t)fd, NULL};
    return item;
}

struct MHD_OptionItem orch_mhd_option_notify_completed(MHD_RequestCompletedCallback callback, void *cls) {
    struct MHD_OptionItem item = {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)callback, cls};
    return item;
}

struct MHD_OptionItem orch_mhd_option_uri_log(orch_mhd_uri_log_callback callback, void *cls) {
    struct MHD_OptionItem item = {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)callback, cls};
    return item;
}

struct MHD_OptionItem orch_mhd_option_notify_connection(MHD_NotifyConnectionCallback callback, void *cls) {
    struct MHD_OptionItem item = {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)callback, cls};
    return item;
}

struct orch_mhd_message_sink {
    orch_mhd_message_callback callback;
    void *cls;
};

struct orch_mhd_message_sink *orch_mhd_message_sink_create(orch_mhd_message_callback callback, void *cls) {
    struct orch_mhd_message_sink *sink = malloc(sizeof *sink);
    if (sink == NULL) return NULL;
    sink->callback = callback;
    sink->cls = cls;
    return sink;
}

void orch_mhd_message_sink_free(struct orch_mhd_message_sink *sink) {
    free(sink);
}

static void orch_mhd_log(void *cls, const char *format, va_list arguments) {
    const struct orch_mhd_message_sink *sink = cls;
    char message[1024];
    int length = vsnprintf(message, sizeof message, format, arguments);
    if (length < 0) return;
    size_t end = (size_t)length < sizeof message ? (size_t)length : sizeof message - 1;
    while (end > 0 && (message[end - 1] == '\n' || message[end - 1] == '\r')) message[--end] = '\0';
    sink->callback(sink->cls, message);
}

struct MHD_OptionItem orch_mhd_option_message_sink(struct orch_mhd_message_sink *sink) {
    struct MHD_OptionItem item = {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)orch_mhd_log, sink};
    return item;
}

struct MHD_OptionItem orch_mhd_option_end(void) {
    struct MHD_OptionItem item = {MHD_OPTION_END, 0, NULL};
    return item;
}

struct MHD_Daemon *orch_mhd_start_daemon(
    unsigned int flags, MHD_AccessHandlerCallback handler, void *handler_cls, const struct MHD_OptionItem *options) {
    // The port argument is ignored when MHD_OPTION_LISTEN_SOCKET is among the options.
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls, MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

int orch_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t size) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL || size == 0) return -1;
    const struct sockaddr *address = info->client_addr;
    const void *raw = NULL;
    if (address->sa_family == AF_INET) {
        raw = &((const struct sockaddr_in *)address)->sin_addr;
    } else if (address->sa_family == AF_INET6) {
        raw = &((const struct sockaddr_in6 *)address)->sin6_addr;
    } else {
        return -1;
    }
    return inet_ntop(address->sa_family, raw, buffer, (socklen_t)size) == NULL ? -1 : 0;
}

void *orch_mhd_socket_context(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info == NULL ? NULL : info->socket_context;
}

int orch_mhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info == NULL ? -1 : (int)info->connect_fd;
}

int orch_mhd_shutdown_socket(int fd) {
    return shutdown(fd, SHUT_RDWR);
}
