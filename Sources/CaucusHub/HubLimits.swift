/// Every limit the hub enforces, in one place (`Schema/HUB-PROTOCOL.md`, "Limits").
///
/// Only the body limit is a setting (`--max-body-bytes`); the rest are the protocol's.
public struct HubLimits: Sendable, Equatable {
    /// The largest pushed changeset, in bytes.
    public var maxBodyBytes: Int

    /// The largest request body that is not a changeset (a pull request, an acknowledgement, a roster change).
    public static let maxJSONBodyBytes = 16 << 20
    /// How far a request's time may be from the hub's clock, in seconds.
    public static let clockWindow: Int64 = 300
    /// How long a nonce is remembered, in seconds: longer than the clock window, so that a
    /// request cannot be replayed while its time is still accepted.
    public static let nonceMemory: Int64 = 600
    /// The feed's longest wait, and the wait when none is asked for, in seconds.
    public static let feedTimeout = (longest: 60, standard: 30)
    /// The most operations one pull may ask for.
    public static let maxPullLimit = 1_000_000
    /// The operations a pull reads from storage at a time: its memory, whatever the delta.
    public static let pullBatch = 4096
    /// Seconds a connection may stay silent, in its request head or between body chunks.
    public static let idleSeconds: Int64 = 30
    /// Seconds a client may take to send a whole body.
    public static let bodySeconds: Int64 = 300

    /// The default limits: bodies up to 256 MiB.
    public init(maxBodyBytes: Int = 256 << 20) {
        self.maxBodyBytes = maxBodyBytes
    }
}
