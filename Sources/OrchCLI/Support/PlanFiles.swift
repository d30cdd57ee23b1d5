import Foundation
import PlanCompiler

/// Finding and reading plan files named on the command line.
enum PlanFiles {
    static let extensions = ["yaml", "yml", "json"]

    /// Every plan file a path names: the file itself, or the `*.yaml`/`*.yml`/`*.json` files below a
    /// folder, sorted. A path that does not exist is a usage error (exit 2).
    static func expand(_ path: String) throws(CommandFailure) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw .unreadable(path: path, reason: "the folder cannot be listed")
        }
        var files: [String] = []
        while let item = enumerator.nextObject() as? String {
            let ext = (item as NSString).pathExtension.lowercased()
            guard extensions.contains(ext) else { continue }
            let full = path.hasSuffix("/") ? path + item : path + "/" + item
            var sub: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { files.append(full) }
        }
        return files.sorted()
    }

    /// The size of a file in bytes, or a usage error when it does not exist.
    static func size(_ path: String) throws(CommandFailure) -> Int {
        do {
            return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        } catch {
            throw .unreadable(path: path, reason: "no such file")
        }
    }

    /// The bytes of a plan file.
    static func read(_ path: String) throws(CommandFailure) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw .unreadable(path: path, reason: "read failed")
        }
    }

    /// Reads and compiles one plan file.
    /// A file over the compiler's limit is reported without being read.
    static func compile(_ path: String) throws(CommandFailure) -> CompileResult {
        let bytes = try size(path)
        if bytes > Compiler.maxFileBytes {
            let problem = PlanProblem.fileTooLarge(bytes: bytes, limit: Compiler.maxFileBytes)
            return CompileResult(
                plan: nil, diagnostics: [Diagnostic(problem, at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return Compiler.compile(bytes: try read(path), path: path)
    }
}
