import CaucusCore
import Testing

/// The library says what happened, and leaves what to type to the program that embeds it.
@Suite struct StoreErrorTests {
    static let every: [StoreError] = [
        .databaseMissing(path: "a.db"), .databaseExists(path: "a.db"), .notACaucusDatabase(path: "a.db", reason: "it is a directory"),
        .newerDatabase(path: "a.db", migration: "m009"), .busy(path: "a.db"), .diskFull(path: "a.db"),
        .database(path: "a.db", message: "disk I/O error"), .invalidPartyID("UCPA"), .unknownParty("ucap", suggestions: ["ucpa"]),
        .unknownField("membrship", suggestions: ["membership"]),
        .wrongFieldKind(field: "ideology", isSet: true), .invalidDate(qualifier: "as_of", text: "2005-13"), .partyDeleted("ucpa"), .partyNotDeleted("ucpa"),
        .textTooLong(what: "source", limit: Limits.sourceBytes), .spanEndsBeforeStart(start: "2000", end: "1999"),
        .noSuchClaim(party: "ucpa", field: "membership", value: .integer(5000), dates: ClaimDates(asOf: "2005")),
    ]

    @Test(arguments: every)
    func aStoreError_namesWhatHappened_andGivesNoCommandLineAdvice(error: StoreError) {
        #expect(!error.description.isEmpty)
        for advice in ["caucus ", "try again", "upgrade", "free some space"] {
            #expect(!error.description.contains(advice), "\(error.description)")
        }
    }
}
