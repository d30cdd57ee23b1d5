// Typed wrappers for libcurl's variadic calls (curl_easy_setopt, curl_easy_getinfo,
// curl_multi_setopt), which Swift cannot call, plus the few macros and unions Swift
// cannot import. One function per argument type; nothing here holds state except
// the process-wide once of curl_global_init.
#pragma once
#include <curl/curl.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// Calls curl_global_init(CURL_GLOBAL_ALL) exactly once per process; every later call
/// returns the first call's result.
CURLcode orch_curl_global_init_once(void);

/// curl_easy_setopt with a `long` argument (flags, time-outs in ms, sizes).
CURLcode orch_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);

/// curl_easy_setopt with a `curl_off_t` argument (the *_LARGE options).
CURLcode orch_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/// curl_easy_setopt with a C string (libcurl copies strings, except where its manual says not).
CURLcode orch_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);

/// curl_easy_setopt with a data pointer (WRITEDATA, HEADERDATA, ERRORBUFFER, PRIVATE).
CURLcode orch_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);

/// curl_easy_setopt with a header list (HTTPHEADER); the list must outlive the transfer.
CURLcode orch_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

/// curl_easy_setopt with a write-style callback (WRITEFUNCTION, HEADERFUNCTION).
CURLcode orch_curl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);

/// curl_easy_getinfo for a `long` answer (RESPONSE_CODE, NUM_CONNECTS, LOCAL_PORT).
CURLcode orch_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// curl_easy_getinfo for a `curl_off_t` answer (the *_TIME_T timings, in microseconds).
CURLcode orch_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

/// curl_multi_setopt with a `long` argument.
CURLMcode orch_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// curl_multi_setopt with a data pointer (SOCKETDATA, TIMERDATA).
CURLMcode orch_curl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value);

/// curl_multi_setopt(CURLMOPT_SOCKETFUNCTION): libcurl says which sockets to watch for what.
CURLMcode orch_curl_multi_setopt_socket_callback(CURLM *multi, curl_socket_callback callback);

/// curl_multi_setopt(CURLMOPT_TIMERFUNCTION): libcurl says when it next needs a timeout call.
CURLMcode orch_curl_multi_setopt_timer_callback(CURLM *multi, curl_multi_timer_callback callback);

/// epoll_ctl for one file descriptor with `events` (EPOLLIN, EPOLLOUT), the descriptor itself as
/// the event's data. 0, or -1 with errno set. (struct epoll_event is packed: clumsy from Swift.)
int orch_epoll_control(int epoll, int operation, int fd, uint32_t events);

/// epoll_wait into two plain arrays: the ready descriptors and their events. The count, or -1
/// with errno set.
int orch_epoll_wait(int epoll, int *fds, uint32_t *events, int capacity, int timeout_ms);

/// Reads one finished transfer from the multi handle's message queue: returns 1 and fills
/// `easy` and `result` when a CURLMSG_DONE message was read, 0 when the queue is empty.
/// (CURLMsg's result sits in a union that is clumsy from Swift.)
int orch_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);

/// CURL_ERROR_SIZE, the size the CURLOPT_ERRORBUFFER buffer must have.
size_t orch_curl_error_size(void);
