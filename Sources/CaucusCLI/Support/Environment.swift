import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Environment variables, read one at a time with `getenv`.
///
/// Not `ProcessInfo.processInfo.environment`, which copies the whole environment into a
/// dictionary the first time it is used: a `caucus show` reads two variables, and starts fast.
enum Environment {
    /// The value of the variable `name`, or nil when it is not set.
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
