import FleetformOperations
import Foundation

/// Interrupts from SIGINT (Ctrl-C): while listening, the signal calls the handler instead of
/// ending the process; stopping restores the default behaviour.
struct SignalInterrupts: InterruptSource {
    func listen(_ handler: @escaping @Sendable () -> Void) -> any InterruptListening {
        Listening(handler)
    }

    private final class Listening: InterruptListening, @unchecked Sendable {
        private let source: DispatchSourceSignal

        init(_ handler: @escaping @Sendable () -> Void) {
            signal(SIGINT, SIG_IGN)
            source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
        }

        func stop() {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
    }
}
