import Testing

/// Runs `body` and records what it throws as an issue of the current test.
///
/// A property's body must not throw its errors to `propertyCheck`: swift-property-based 2.0.1
/// runs the body under `try?` (`IssueCounting.swift`), so a thrown error would pass silently.
public func recordingErrors(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    do { try body() } catch { Issue.record(error, sourceLocation: sourceLocation) }
}
