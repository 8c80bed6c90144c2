import Foundation

/// Waiting for a state in tests: ask again every `interval` until the answer is what the test
/// waits for or the deadline passes, then let the test assert on the last answer. Instead of a
/// fixed sleep, which is too short on a loaded machine and wasted time on an idle one.
public enum Poll {
    /// Calls `probe` until `done` holds for its value or `seconds` pass; returns the last value
    /// (the caller's assertion then reports it when the deadline passed first).
    public static func until<Value>(seconds: Double, every interval: Double = 0.2,
                                    _ probe: () async throws -> Value,
                                    satisfies done: (Value) -> Bool) async throws -> Value {
        let deadline = Date().addingTimeInterval(seconds)
        var value = try await probe()
        while !done(value) && Date() < deadline {
            try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
            value = try await probe()
        }
        return value
    }

    /// Waits until `condition` holds or `seconds` pass; returns whether it holds.
    @discardableResult
    public static func until(seconds: Double, every interval: Double = 0.2, _ condition: () async throws -> Bool) async throws -> Bool {
        try await until(seconds: seconds, every: interval, condition, satisfies: { $0 })
    }
}
