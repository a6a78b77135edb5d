import Foundation
import Synchronization

/// Reads everything a pipe delivers on a thread of its own, so the writer never blocks on a full
/// pipe while the reader waits on another stream; `wait()` returns it once the writer closes it.
public final class PipeDrain: Sendable {
    private let data = Mutex(Data())
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading `handle` to its end.
    public init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            data.withLock { $0 = all }
            done.signal()
        }
    }

    /// Everything read, once the writer has closed the pipe.
    public func wait() -> Data {
        done.wait()
        done.signal()
        return data.withLock { $0 }
    }
}
