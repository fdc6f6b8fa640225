import CaucusCore
import CaucusSync

/// Errors the CLI reports as one line, `caucus: error: MESSAGE`.
protocol CaucusReportable: Error, CustomStringConvertible {
    /// The exit code the command ends with (``ExitCodes``).
    var exitCode: Int32 { get }
    /// The line's text: the error's description, with what to do next where the CLI knows it.
    var message: String { get }
}

extension CaucusReportable {
    var message: String { description }
}

extension StoreError: CaucusReportable {
    var exitCode: Int32 {
        switch self {
        case .busy: return ExitCodes.busy
        case .databaseMissing, .unknownParty, .unknownField, .noSuchClaim, .unknownRelease, .versionNotHeld: return ExitCodes.notFound
        case .invalidPartyID, .invalidValue, .wrongFieldKind, .invalidDate, .spanEndsBeforeStart, .textTooLong,
             .invalidRelease, .releaseExists, .beforeHorizon, .exportBehindHorizon, .shallowIntoHeld,
             .invalidField, .deprecatedField, .takesNoClaims: return ExitCodes.badInput
        default: return ExitCodes.failure
        }
    }

    /// The store's description, with the command that helps.
    var message: String {
        switch self {
        case .databaseMissing: return description + "; create one with `caucus init`"
        case .databaseExists: return description + "; init never overwrites one"
        case .newerDatabase: return description + "; upgrade caucus to open it"
        case .busy(let p): return "database busy: another caucus process is writing \(p); try again when it has finished"
        case .diskFull: return description + "; free some space and try again"
        case .partyDeleted(let id): return "party \(id) is deleted; restore it first (`caucus restore \(id)`)"
        case .releaseExists: return description + "; to move it to what this replica holds now, add --force"
        case .releaseInConflict(let name, _):
            return description + "; see `caucus release list`, and settle it with `caucus release create \(name) --force`"
        case .versionNotHeld: return description + "; import them first"
        case .invalidField(.narrowing(let name, _)):
            return description + " (`caucus field add \(name)_2 …`, then `caucus field deprecate \(name)`)"
        case .unknownField(let f, let s) where s.isEmpty && PartySchema.isValidFieldName(f):
            return description + "; define it with `caucus field add \(f) --type TYPE`"
        case .shallowIntoHeld: return description + "; start one with `caucus init --db NEW` and import the snapshot there"
        case .exportBehindHorizon(let release):
            let at = DatasetRecord.isValidReleaseName(release) ? " --at \(release)" : ""
            return description + "; a new replica can start from a shallow snapshot instead (`caucus export --shallow\(at)`)"
        default: return description
        }
    }
}
extension ChangesetError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
extension VersionVectorError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
extension ValueError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }
extension TrustError: CaucusReportable { var exitCode: Int32 { ExitCodes.badInput } }

extension HubClientError: CaucusReportable {
    var exitCode: Int32 {
        switch self {
        case .unreachable, .connectionLost: return ExitCodes.hubUnreachable
        // 503: the hub answers, but cannot serve now (stopping, or its database is down).
        case .refused(_, let status, _, _) where status == 503: return ExitCodes.hubUnreachable
        case .refused, .invalidURL: return ExitCodes.badInput
        case .badResponse, .cannotReadFile, .cannotWriteFile: return ExitCodes.failure
        }
    }
}

extension HubRemoteError: CaucusReportable {
    var exitCode: Int32 {
        switch self {
        case .unknown, .none: return ExitCodes.notFound
        case .badName, .exists, .ambiguous: return ExitCodes.badInput
        }
    }

    /// The description, with the command that helps.
    var message: String {
        switch self {
        case .none: return description + "; add one with `caucus remote add NAME URL`"
        case .ambiguous: return description + ", e.g. `caucus sync origin`"
        default: return description
        }
    }
}

/// A failure with a message, for problems the CLI itself finds.
struct CommandFailure: CaucusReportable {
    /// The message, after `caucus: error: `.
    var description: String
    /// The exit code (``ExitCodes``).
    var exitCode: Int32 = ExitCodes.failure
}
