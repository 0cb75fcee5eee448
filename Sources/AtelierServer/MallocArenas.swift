import CMalloc
import Foundation

/// How many malloc arenas the process may have.
///
/// glibc gives threads up to eight arenas per core, and each worker thread that allocates keeps
/// one, with its own resident pages (about 1 MiB in all for eight workers). No more threads than
/// cores run at once, so one arena per core (at least two) costs no speed.
enum MallocArenas {
    static func limitToCores() {
        _ = mallopt(M_ARENA_MAX, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
