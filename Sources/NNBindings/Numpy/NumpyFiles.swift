import Foundation
import NNLang
import NNTensor
import ZIPFoundation

/// numpy's array files: `np.save` / `np.load` of `.npy` files, `np.savez` / `np.savez_compressed`
/// of `.npz` archives (a zip of `.npy` files, read and written with ZIPFoundation), and the
/// `NpzFile` that `np.load` returns for an archive.
extension NumpyModule {
    static func addFiles(_ m: inout ModuleBuilder, _ state: NumpyState) {
        m.def(
            """
            save(file, arr, allow_pickle=True)  Writes an array to a .npy file ('.npy' is added to a name without it).
            """
        ) { a, _ in
            let path = try withSuffix(try Conversions.path(a["file"]), ".npy")
            try write(NPYFormat.encode(try NumpyConvert.array(a["arr"])), to: path)
            return .none
        }
        m.def(
            """
            savez(file, *args, allow_pickle=True, **kwds)  Writes arrays to an uncompressed .npz archive.
            args: arrays stored as arr_0, arr_1, ….
            kwds: arrays stored under their keyword's name.
            """
        ) { a, _ in try saveArchive(a, compressed: false) }
        m.def(
            """
            savez_compressed(file, *args, allow_pickle=True, **kwds)  Writes arrays to a compressed .npz archive.
            """
        ) { a, _ in try saveArchive(a, compressed: true) }
        m.def(
            """
            load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII', *, max_header_size=10000)
            Reads a .npy file (an array) or a .npz archive (an NpzFile of arrays by name).
            max_header_size: the longest .npy header read.
            """, refusing: ["mmap_mode"]
        ) { a, interp in
            let path = try Conversions.path(a["file"])
            let bytes = try FileMethods.contents(path)
            let limit = try a.int("max_header_size")
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
                return .object(try NpzFile(path: path, limit: limit, state))
            }
            guard NPYFormat.isNPY(bytes) else {
                if try a.bool("allow_pickle") {
                    throw ScriptError(
                        .notImplementedError, "nn cannot read pickled data: '\(path)' is not a .npy or .npz file")
                }
                throw ScriptError(
                    .valueError,
                    "This file contains pickled (object) data. If you trust the file you can load it unsafely using "
                        + "the `allow_pickle=` keyword argument or `pickle.load()`.")
            }
            return NumpyConvert.wrap(try decode(bytes, limit: limit), state)
        }
    }

    static func decode(_ bytes: [UInt8], limit: Int) throws -> NDArray {
        do {
            return try NPYFormat.decode(bytes, maxHeaderSize: limit)
        } catch let e as NPYFormat.Failure {
            throw ScriptError(e.unsupported ? .notImplementedError : .valueError, e.description)
        }
    }

    static func withSuffix(_ path: String, _ suffix: String) -> String {
        path.hasSuffix(suffix) ? path : path + suffix
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(path)'")
        }
    }

    /// `savez`: each array as `<name>.npy` in a zip archive, the positional ones named `arr_0`, ….
    static func saveArchive(_ a: Bound, compressed: Bool) throws -> Value {
        let path = withSuffix(try Conversions.path(a["file"]), ".npz")
        // As numpy: the keyword arrays first, then arr_0, arr_1, ….
        var entries = try a.keywords.map { ($0.name, try NumpyConvert.array($0.value)) }
        for (i, v) in a.rest.enumerated() {
            let name = "arr_\(i)"
            if entries.contains(where: { $0.0 == name }) {
                throw ScriptError(.valueError, "Cannot use un-named variables and keyword \(name)")
            }
            entries.append((name, try NumpyConvert.array(v)))
        }
        try? FileManager.default.removeItem(atPath: path)
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
            for (name, array) in entries {
                let data = Data(NPYFormat.encode(array))
                try archive.addEntry(
                    with: name + ".npy", type: .file, uncompressedSize: Int64(data.count),
                    compressionMethod: compressed ? .deflate : .none
                ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            }
        } catch let e as ScriptError {
            throw e
        } catch {
            throw ScriptError(.osError, "cannot write '\(path)': \(error)")
        }
        return .none
    }
}

/// What `np.load` returns for a `.npz` archive: its arrays by name, each read when asked for.
final class NpzFile: PyObject {
    let path: String
    let state: NumpyState
    let limit: Int
    private var archive: Archive?
    /// The archive's entries by name, in the archive's order ('x' for 'x.npy').
    let names: [String]

    init(path: String, limit: Int, _ state: NumpyState) throws {
        self.path = path
        self.state = state
        self.limit = limit
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            self.archive = archive
            names = archive.map { $0.path.hasSuffix(".npy") ? String($0.path.dropLast(4)) : $0.path }
        } catch {
            throw ScriptError(.valueError, "File is not a zip file: '\(path)'")
        }
    }

    static let type: PyType = {
        let t = PyType("NpzFile", base: .object, members: members)
        t.moduleName = "numpy.lib.npyio"
        return t
    }()
    override var type: PyType { NpzFile.type }

    override func repr(_ interp: Interpreter) throws -> String {
        let shown = names.prefix(5).joined(separator: ", ")
        return "NpzFile '\(path)' with keys: \(shown)\(names.count > 5 ? "..." : "")"
    }

    func close() { archive = nil }

    func array(_ name: String) throws -> NDArray {
        guard let archive else { throw ScriptError(.attributeError, "'NoneType' object has no attribute 'open'") }
        guard let entry = archive[name + ".npy"] ?? archive[name] else {
            throw ScriptError(.keyError, "\(name) is not a file in the archive")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw ScriptError(.valueError, "Bad CRC-32 for file '\(entry.path)'")
        }
        return try NumpyModule.decode([UInt8](data), limit: limit)
    }

    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .str(let name) = key else { throw ScriptError(.keyError, try interp.repr(key)) }
        return NumpyConvert.wrap(try array(name.value), state)
    }

    override func length(_ interp: Interpreter) throws -> Int { names.count }

    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        SequenceIterator(names.map { .string($0) })
    }

    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        if case .str(let s) = item { return names.contains(s.value) }
        return false
    }

    static let members: [String: Member] = {
        var m = Members("NpzFile")
        func of(_ v: Value) throws -> NpzFile { try v.receiver(NpzFile.self, "NpzFile") }
        m.property("files", "The names of the arrays in the archive.") { v, _ in
            .list(PyList(try of(v).names.map { .string($0) }))
        }
        m.method("keys()  The names of the arrays.") { v, _, _ in .list(PyList(try of(v).names.map { .string($0) })) }
        m.method("close()  Closes the archive.") { v, _, _ in
            try of(v).close()
            return .none
        }
        m.method("__enter__()") { v, _, _ in v }
        m.method("__exit__(*exc_info)") { v, _, _ in
            try of(v).close()
            return .false
        }
        return m.table
    }()
}
