import CaucusCore
import CaucusSync

/// Errors the CLI reports as one line.
protocol CaucusReportable: Error, CustomStringConvertible {
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

/// A failure with a message, for problems the CLI itself finds.
struct CommandFailure: CaucusReportable {
    var description: String
    var exitCode: Int32 = ExitCodes.failure
}


extension ValueError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
