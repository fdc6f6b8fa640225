/// The `election-result` type: a result stored as what the source says, "8.3% in District 12,
/// 2005, second" as `{"constituency":"District 12","election":"2005 parliamentary","place":2,"share":8.3,"year":2005}`.
///
/// Its members:
///
/// | member | | |
/// |---|---|---|
/// | `election` | required | the election's name: non-empty text |
/// | `year` or `date` | exactly one | a year from 1000 to 2999, or the day or month, `YYYY-MM-DD` or `YYYY-MM` |
/// | `constituency` | required | where: non-empty text, `national` for a national result |
/// | `share` | required | the share of the vote, a number from 0 to 100 |
/// | `seats` | optional | the seats won, a whole number ≥ 0 |
/// | `place` | optional | the place, a whole number ≥ 1 |
extension FieldDefinition {
    /// The members an election result may have, in the order an editor reads them.
    static let electionResultMembers = ["election", "year", "date", "constituency", "share", "seats", "place"]

    static let electionResultExpectation = "an election result: an object with \"election\", \"year\" or \"date\", "
        + "\"constituency\", \"share\", and optionally \"seats\" and \"place\""

    /// Checks an election result (the table above) and returns it with its share as a decimal
    /// number, as a `percent` field stores a share.
    ///
    /// - Throws: ``ValueError`` for a value that is not an object, naming the member for an object
    ///   with a member missing, wrong, unknown, or both a year and a date.
    func checkElectionResult(_ value: FactValue) throws -> FactValue {
        guard case .object(let object) = value else { throw ValueError(field: name, expected: expectation, got: value) }
        func wrong(_ key: String, _ expected: String) -> ValueError {
            ValueError(field: name, expected: expected, got: value, member: .wrong(key: key, value: object[key]!))
        }
        func missing(_ key: String, _ expected: String) -> ValueError {
            ValueError(field: name, expected: expected, got: value, member: .missing(key: key))
        }
        for key in object.keys where !Self.electionResultMembers.contains(where: { $0.utf8.elementsEqual(key.utf8) }) {
            throw ValueError(field: name, expected: Self.electionResultMembers.joined(separator: ", "), got: value, member: .unknown(key: key))
        }
        let text = "non-empty text of at most \(maxLength) characters"
        for key in ["election", "constituency"] {
            guard let member = object[key] else { throw missing(key, text) }
            guard case .text(let s) = member, !s.isEmpty, s.utf8.count <= maxLength || s.count <= maxLength, Self.isCleanText(s)
            else { throw wrong(key, text) }
        }
        let year = "a year, a whole number from 1000 to 2999"
        switch (object["year"], object["date"]) {
        case (nil, nil): throw missing("year", year + " (or give \"date\": YYYY-MM-DD or YYYY-MM)")
        case (_?, _?): throw ValueError(field: name, expected: expectation, got: value, member: .both(key: "year", other: "date"))
        case (let y?, nil):
            guard case .integer(let n) = y, (1000...2999).contains(n) else { throw wrong("year", year) }
        case (nil, let d?):
            let date = "a date, YYYY-MM-DD or YYYY-MM, of a year from 1000 to 2999 (a year alone goes in \"year\")"
            // `ClaimDates` takes a bare year too; here that is `year`'s job.
            guard case .text(let s) = d, s.utf8.count > 4, ClaimDates.isValidDate(s), let n = Int(s.prefix(4)), (1000...2999).contains(n)
            else { throw wrong("date", date) }
        }
        let percent = "a number from 0 to 100"
        let share: Double
        switch object["share"] {
        case nil: throw missing("share", percent)
        case .integer(let i)?: share = Double(i)
        case .real(let d)?: share = d
        default: throw wrong("share", percent)
        }
        guard (0...100).contains(share) else { throw wrong("share", percent) }
        for (key, least) in [("seats", Int64(0)), ("place", Int64(1))] {
            guard let member = object[key] else { continue }
            guard case .integer(let n) = member, n >= least else { throw wrong(key, "a whole number ≥ \(least)") }
        }
        return .object(FactObject(object.members.map { ($0.key, $0.key == "share" ? .real(share) : $0.value) })!)
    }

    /// `value` as an editor reads it in this field: an election result as
    /// `2005 parliamentary, District 12: 8.3%, 3 seats, place 2`; any other value as its
    /// ``FactValue/description``.
    public func text(of value: FactValue) -> String {
        guard type == .electionResult, case .object(let o) = value, case .text(let election)? = o["election"],
              case .text(let constituency)? = o["constituency"], let share = o["share"] else { return value.description }
        var out = election
        // "2005 parliamentary" names its year already; "parliamentary" needs it said.
        if let when = (o["date"] ?? o["year"])?.description, !election.contains(when) { out += " (" + when + ")" }
        out += ", " + constituency + ": " + share.description + "%"
        if case .integer(let seats)? = o["seats"] { out += ", \(seats) seat" + (seats == 1 ? "" : "s") }
        if let place = o["place"] { out += ", place " + place.description }
        return out
    }
}
