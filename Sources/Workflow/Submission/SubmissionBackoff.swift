/// Exponential back-off for rate-limit errors: 2, 4, 8, … seconds, capped, a fixed number of tries.
public struct SubmissionBackoff: Sendable, Equatable {
    /// The first wait.
    public var initialSeconds: Double
    /// The factor between waits.
    public var factor: Double
    /// The longest wait.
    public var maximumSeconds: Double
    /// How many retries before giving up.
    public var retries: Int

    /// Creates a back-off.
    public init(initialSeconds: Double = 2, factor: Double = 2, maximumSeconds: Double = 60, retries: Int = 5) {
        self.initialSeconds = initialSeconds
        self.factor = factor
        self.maximumSeconds = maximumSeconds
        self.retries = retries
    }

    /// The wait before retry number `n` (0-based), or nil when no retry is left.
    public func delaySeconds(beforeRetry n: Int) -> Double? {
        guard n < retries else { return nil }
        var d = initialSeconds
        for _ in 0..<n { d *= factor }
        return min(d, maximumSeconds)
    }
}
