import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus history`: every change to a record.
    struct History: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show every change to a party, or to one of its fields: editor, time, source, value before and after.",
            discussion: """
                Like `git log` for a record, oldest first, including changes that arrived in changesets. "Before" is \
                what the change replaced as its editor saw it; two changes that replaced the same value were made \
                concurrently. A change marked * is still a current value.

                Examples:
                  caucus history ucpa
                  caucus history ucpa membership --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @OptionGroup var target: PartyArgument

        @Argument(help: ArgumentHelp("Only this field, e.g. membership.", valueName: "field"))
        var field: String?

        func execute() throws {
            let store = try global.openStore()
            let party = try store.resolveParty(target.party)
            if let field, store.schema.field(field) == nil {
                // Fields from a newer schema are allowed if the record has them.
                let known = try store.history(party: party, field: field) ?? []
                if known.isEmpty { _ = try store.requireField(field) }
            }
            guard let entries = try store.history(party: party, field: field) else { _ = try store.requireParty(party); return }
            if output.json {
                let out = OutputBuffer()
                for e in entries {
                    var o = JSONObject()
                    o.add("time", Time.iso(e.time))
                    o.add("editor", e.editor)
                    o.add("replica", e.dot.replica.rawValue)
                    o.add("counter", e.dot.counter)
                    o.add("op", e.action)
                    o.add("field", e.kind.isRecordLevel ? nil : e.field)
                    o.add("before", raw: JSONObject.array(e.before.map(\.json)))
                    o.add("after", value: Self.after(e))
                    o.add("value", value: e.value)
                    o.add("source", e.source)
                    o.add("as_of", e.asOf)
                    // A claim's span, note and rank only where it has them: older histories read as they did.
                    for (key, text) in [("start", e.start), ("end", e.end), ("note", e.note), ("rank", e.rank?.name)] {
                        if let text { o.add(key, text) }
                    }
                    o.add("current", e.live)
                    out.line(o.text)
                }
                out.flush()
                return
            }
            var table = Table(["TIME (UTC)", "EDITOR", "CHANGE", "FIELD", "BEFORE", "AFTER", "SOURCE", "WHEN"])
            for e in entries {
                // A value dropped by `caucus compact` reads as such.
                func text(_ v: FactValue?) -> String { v.map { store.schema.text(of: $0, in: e.field) } ?? (e.kind.hasValue ? "(compacted)" : "") }
                let before = e.before.isEmpty ? (e.beforeIncomplete ? "?" : "-") : e.before.map(text).joined(separator: " | ")
                let after: String
                switch e.kind {
                case .set: after = text(e.value) + (e.live ? " *" : "")
                case .add: after = "+ " + text(e.value) + (e.note.map { " (\($0))" } ?? "") + (e.live ? " *" : "")
                case .remove: after = "− " + text(e.value)
                case .rank: after = text(e.value) + ": " + (e.rank?.name ?? "?") + (e.live ? " *" : "")
                case .clear: after = "(cleared)"
                case .delete: after = Style.red("(deleted)")
                case .restore: after = "(restored)"
                }
                table.add([Time.short(e.time), e.editor, e.action, e.kind.isRecordLevel ? "(record)" : e.field, before, after,
                           e.source ?? "-", Self.when(e)])
            }
            if entries.isEmpty { Console.message("No changes to \(field.map { "\($0) of " } ?? "")\(party).") } else { table.print() }
        }

        /// The dates of the claim a change is about, as one cell: `2005`, `1998–2000`, `from 1998`.
        static func when(_ e: HistoryEntry) -> String {
            ClaimDates(asOf: e.asOf, start: e.start, end: e.end).text ?? "-"
        }

        /// The value after the change: what it wrote or added; null when it removed or cleared.
        static func after(_ e: HistoryEntry) -> FactValue? {
            switch e.kind {
            case .set, .add: return e.value
            default: return nil
            }
        }
    }
}
