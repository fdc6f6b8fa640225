import CaucusCore

/// The fields of the schema as a help paragraph.
enum FieldHelp {
    static var list: String {
        PartySchema.standard.fields.map { "\($0.name)\($0.isSet ? " (set)" : "")" }.joined(separator: ", ")
    }
}
