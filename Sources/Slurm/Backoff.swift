/// Exponential back-off for retrying calls that Slurm refused because it was busy.
public struct Backoff: Sendable, Equatable {
    /// Delay before the first retry, in seconds.
    public var initialSeconds: Double
    /// Each further delay is this many times the previous one.
    public var factor: Double
    /// No delay is longer than this.
    public var maxSeconds: Double
    /// Retries after the first attempt (0 = never retry).
    public var maxRetries: Int

    public init(initialSeconds: Double = 1, factor: Double = 2, maxSeconds: Double = 60, maxRetries: Int = 5) {
        self.initialSeconds = initialSeconds; self.factor = factor; self.maxSeconds = maxSeconds; self.maxRetries = maxRetries
    }

    /// No retries.
    public static let none = Backoff(maxRetries: 0)

    /// Seconds to wait before retry number `retry` (1-based), with ±20 % jitter so that many
    /// clients do not come back at the same moment.
    public func delaySeconds(beforeRetry retry: Int, jitter: Double = Double.random(in: 0.8...1.2)) -> Double {
        var d = initialSeconds
        for _ in 1..<max(retry, 1) { d *= factor }
        return min(d, maxSeconds) * jitter
    }
}
