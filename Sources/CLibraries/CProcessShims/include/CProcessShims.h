// Typed wrappers for the GNU process calls Swift's Glibc module does not show (they need _GNU_SOURCE).
#ifndef ORCH_CPROCESS_SHIMS_H
#define ORCH_CPROCESS_SHIMS_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): a pipe whose ends are not inherited by other subprocesses.
int orch_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np: the child changes to `path` before it runs.
int orch_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
