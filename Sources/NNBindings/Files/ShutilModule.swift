import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// `shutil`: copying, moving and deleting files and folder trees.
enum ShutilModule {
    /// Copies a file's bytes (and, with `mode`, its permission bits) to `to`.
    static func copyFile(_ from: String, _ to: String, mode: Bool) throws {
        if OSModule.fileKind(from) == S_IFDIR { throw FileMethods.error(EISDIR, from) }
        guard let input = fopen(from, "rb") else { throw FileMethods.error(errno, from) }
        defer { fclose(input) }
        guard let output = fopen(to, "wb") else { throw FileMethods.error(errno, to) }
        defer { fclose(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, input)
            if n <= 0 { break }
            guard fwrite(buffer, 1, n, output) == n else { throw FileMethods.error(errno, to) }
        }
        var info = stat()
        if mode, stat(from, &info) == 0 { chmod(to, info.st_mode & 0o7777) }
    }

    /// Where a copy into `to` goes: inside it when it is a folder.
    static func target(_ from: String, _ to: String) -> String {
        guard OSModule.fileKind(to) == S_IFDIR else { return to }
        return Wildcard.join(to, String(from.split(separator: "/").last ?? ""))
    }

    static func copyTree(_ from: String, _ to: String, existOK: Bool) throws {
        guard OSModule.fileKind(from) == S_IFDIR else { throw FileMethods.error(ENOTDIR, from) }
        try OSModule.makeFolders(to, existOK: existOK)
        for name in try OSModule.entries(from) {
            let (source, destination) = (Wildcard.join(from, name), Wildcard.join(to, name))
            if OSModule.fileKind(source) == S_IFDIR {
                try copyTree(source, destination, existOK: existOK)
            } else {
                try copyFile(source, destination, mode: true)
            }
        }
    }

    static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw FileMethods.error(errno, path) }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in try OSModule.entries(path) { try removeTree(Wildcard.join(path, name)) }
            guard rmdir(path) == 0 else { throw FileMethods.error(errno, path) }
        } else {
            guard unlink(path) == 0 else { throw FileMethods.error(errno, path) }
        }
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("shutil", style: .python(countsSelf: false))
        m.def("copyfile(src, dst)  Copies the file's contents to dst; returns dst.") { a, _ in
            try copyFile(try Conversions.path(a["src"]), try Conversions.path(a["dst"]), mode: false)
            return a["dst"]
        }
        for (name, what) in [("copy", "contents and permissions"), ("copy2", "contents, permissions and times")] {
            m.def(
                "\(name)(src, dst)  Copies the file's \(what) to dst (into it when it is a folder); returns the new path."
            ) {
                a, _ in
                let from = try Conversions.path(a["src"])
                let to = target(from, try Conversions.path(a["dst"]))
                try copyFile(from, to, mode: true)
                if name == "copy2" {
                    var info = stat()
                    if stat(from, &info) == 0 {
                        var times = [info.st_atim, info.st_mtim]
                        utimensat(AT_FDCWD, to, &times, 0)
                    }
                }
                return .string(to)
            }
        }
        m.def("copytree(src, dst, dirs_exist_ok=False)  Copies the folder and everything in it to dst; returns dst.") {
            a, _ in
            try copyTree(
                try Conversions.path(a["src"]), try Conversions.path(a["dst"]), existOK: try a.bool("dirs_exist_ok"))
            return a["dst"]
        }
        m.def("rmtree(path, ignore_errors=False)  Deletes the folder and everything in it.") { a, _ in
            let path = try Conversions.path(a["path"])
            if try a.bool("ignore_errors") {
                try? removeTree(path)
            } else {
                try removeTree(path)
            }
            return .none
        }
        m.def("move(src, dst)  Moves a file or folder (into dst when it is a folder); returns the new path.") { a, _ in
            let from = try Conversions.path(a["src"])
            let to = target(from, try Conversions.path(a["dst"]))
            if rename(from, to) != 0 {
                guard errno == EXDEV else { throw FileMethods.error(errno, from, to) }
                if OSModule.fileKind(from) == S_IFDIR {
                    try copyTree(from, to, existOK: false)
                } else {
                    try copyFile(from, to, mode: true)
                }
                try removeTree(from)
            }
            return .string(to)
        }
        return m.build()
    }
}
