/// The schema in force: the built-in fields and those the team defined, as facts of the
/// ``DatasetRecord`` (merge rule 9 on ``Merge``).
extension PartySchema {
    /// The longest name a team field may have: its definition's fact, `field/NAME`, fits ``Limits/fieldNameBytes``.
    public static let fieldNameBytes = Limits.fieldNameBytes - DatasetRecord.fieldPrefix.utf8.count

    /// Whether `name` can name a team field: 1 to ``fieldNameBytes`` of `a-z`, `0-9` and `_`,
    /// starting with a letter, as every built-in field's name is.
    public static func isValidFieldName(_ name: String) -> Bool {
        let u = name.utf8
        guard let first = u.first, (0x61...0x7A).contains(first), u.count <= fieldNameBytes else { return false }
        return u.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Whether the field `name` is built into this schema rather than defined by a team.
    public func isBuiltIn(_ name: String) -> Bool { builtInNames.contains(name) }

    /// This schema with the team's fields added: for each name, the distinct definitions standing
    /// (the heads of its fact). Merge rule 9:
    ///
    /// - a built-in field's name is never redefined: definitions of it are ignored;
    /// - one definition stands: the field is that;
    /// - two or more (a *schema conflict*): the field is a set if any says so, takes claims if any
    ///   does, and a value fits it if it fits any of them (``FieldDefinition/alternatives``);
    ///   its other parts are the first definition's, by the byte order of their JSON texts.
    ///
    /// The team's fields follow the built-in ones, sorted by name.
    ///
    /// - Complexity: O(n log n) in the definitions.
    public func inForce(definitions: [String: [FieldDefinition]]) -> PartySchema {
        var added: [FieldDefinition] = []
        for name in definitions.keys.sorted() where !isBuiltIn(name) {
            var candidates: [FieldDefinition] = []
            for d in definitions[name]! where !candidates.contains(d) { candidates.append(d) }
            guard !candidates.isEmpty else { continue }
            if candidates.count == 1 { added.append(candidates[0]); continue }
            candidates = candidates.map { ($0.definitionValue.json, $0) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map(\.1)
            let first = candidates[0]
            added.append(FieldDefinition(name: name, type: first.type, isSet: candidates.contains(where: \.isSet),
                                         choices: first.choices, maxLength: first.maxLength, help: first.help,
                                         takesClaims: candidates.contains(where: \.takesClaims), pattern: first.pattern,
                                         isDeprecated: first.isDeprecated, alternatives: candidates))
        }
        guard !added.isEmpty else { return self }
        return PartySchema(version: version, idHelp: idHelp, fields: fields.filter { isBuiltIn($0.name) } + added, builtIn: builtInNames)
    }

    /// The team's fields of this schema, as ``inForce(definitions:)`` takes them: each
    /// definition standing, by name.
    public var definitions: [String: [FieldDefinition]] {
        var byName: [String: [FieldDefinition]] = [:]
        for f in fields where !isBuiltIn(f.name) { byName[f.name] = f.alternatives.isEmpty ? [f] : f.alternatives }
        return byName
    }

    /// This schema with `def` standing beside the definitions of its field already in force, as a
    /// reader of a changeset counts the definitions it meets.
    public func adding(_ def: FieldDefinition) -> PartySchema {
        var all = definitions
        all[def.name, default: []].append(def)
        return inForce(definitions: all)
    }

    /// Whether some field is a set in one schema and single-valued (or unknown) in the other.
    public func differsInKinds(from other: PartySchema) -> Bool {
        let mine = Set(fields.filter(\.isSet).map(\.name)), theirs = Set(other.fields.filter(\.isSet).map(\.name))
        return mine != theirs
    }

    /// The team's definitions among `heads`, operations of the dataset record: by field name, the
    /// values of the `set`s of each `field/NAME` fact that are definitions (the heads' for the
    /// schema in force).
    public static func definitions(in heads: some Sequence<FactOperation>) -> [String: [FieldDefinition]] {
        var byName: [String: [FieldDefinition]] = [:]
        for op in heads where op.party == DatasetRecord.id && op.kind == .set {
            guard let name = DatasetRecord.definedFieldName(field: op.field), let value = op.value,
                  let def = try? FieldDefinition(name: name, value: value) else { continue }
            byName[name, default: []].append(def)
        }
        return byName
    }
}
