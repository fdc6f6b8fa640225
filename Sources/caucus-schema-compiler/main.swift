// caucus-schema-compiler INPUT.json OUTPUT.swift: run by PartySchemaPlugin when the package is
// built. A schema file that does not compile stops the build with the reason.
import CaucusSchemaCompiler
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: caucus-schema-compiler SCHEMA.json OUTPUT.swift\n".utf8))
    exit(64)
}
do {
    let schema = try SchemaCompiler.read(try Data(contentsOf: URL(fileURLWithPath: arguments[1])))
    try Data(SchemaCompiler.swiftSource(for: schema).utf8).write(to: URL(fileURLWithPath: arguments[2]), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("\(arguments[1]): error: \(error)\n".utf8))
    exit(1)
}
