import Foundation

/// The current time in seconds since 1970: read here, at the edge, never inside a merge.
func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
