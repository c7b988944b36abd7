import Foundation
import XCTest

/// Locates the built `nn` binary and the shared conformance folder, and runs processes.
enum TestSupport {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared` beside the checkout (or `NN_SHARED`).
    static var shared: URL {
        if let path = ProcessInfo.processInfo.environment["NN_SHARED"] { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The `nn` executable built beside the test bundle.
    static var nnBinary: URL {
        let bundleDir = Bundle.main.bundleURL
        for dir in [bundleDir, bundleDir.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("nn")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/nn")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `body(0)` … `body(count - 1)`, run on as many threads as there are cores.
    static func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> String) -> [String] {
        final class Results: @unchecked Sendable {
            var items: [String]
            let lock = NSLock()
            init(_ count: Int) { items = Array(repeating: "", count: count) }
        }
        let results = Results(count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let item = body(i)
            results.lock.withLock { results.items[i] = item }
        }
        return results.items
    }

    /// Runs `nn` with arguments (and optional standard input) in a directory, with a time limit and
    /// optionally a limit on its address space (in megabytes: past it, allocations fail).
    static func runNN(
        _ arguments: [String], in directory: URL? = nil, input: String? = nil, timeout: TimeInterval = 60,
        environment: [String: String] = [:], memoryLimit megabytes: Int? = nil
    ) throws -> Result {
        let process = Process()
        if let megabytes {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "ulimit -v \(megabytes * 1024) && exec \"$0\" \"$@\"", nnBinary.path] + arguments
        } else {
            process.executableURL = nnBinary
            process.arguments = arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2000) }
        if process.isRunning {
            process.terminate()
            throw NSError(domain: "nn", code: 1, userInfo: [NSLocalizedDescriptionKey: "timed out: nn \(arguments)"])
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
