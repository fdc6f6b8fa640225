import CaucusCore
import CaucusSync

/// Errors the CLI reports as one line, `caucus: error: DESCRIPTION`.
protocol CaucusReportable: Error, CustomStringConvertible {
    /// The exit code the command ends with (``ExitCodes``).
    var exitCode: Int32 { get }
}

extension StoreError: CaucusReportable {
    var exitCode: Int32 {
        switch self {
        case .busy: return ExitCodes.busy
        case .databaseMissing, .unknownParty, .unknownField: return ExitCodes.notFound
        case .invalidPartyID, .invalidValue, .wrongFieldKind, .invalidAsOf, .textTooLong: return ExitCodes.badInput
        default: return ExitCodes.failure
        }
    }
}
extension ChangesetError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
extension VersionVectorError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
extension ValueError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
extension TrustError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }

/// A failure with a message, for problems the CLI itself finds.
struct CommandFailure: CaucusReportable {
    /// The message, after `caucus: error: `.
    var description: String
    /// The exit code (``ExitCodes``).
    var exitCode: Int32 = ExitCodes.failure
}
