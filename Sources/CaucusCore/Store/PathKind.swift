import Foundation

/// What a path names, for the one check every command's input files go through: a missing file
/// and a directory are refused the same way everywhere, each caller in its own error type.
package enum PathKind: Equatable {
    /// Nothing is there.
    case missing
    /// A directory.
    case directory
    /// Something that can be opened as a file.
    case file

    /// What `path` names now.
    package init(_ path: String) {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            self = .missing
        } else {
            self = isDirectory.boolValue ? .directory : .file
        }
    }
}
