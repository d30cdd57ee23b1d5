import Executor

/// The server's name for `DriverClaim` (Executor): which `orch` process drives a run (`driverPid`).
///
/// Kept so that `Service` and `ScheduleRunRoutes`, which name it, need no change here; they can
/// name `DriverClaim` directly, and then this alias goes.
typealias RunClaim = DriverClaim
