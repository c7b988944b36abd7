import Foundation
import XCTest
@testable import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// A one-file HTTP server on 127.0.0.1, for the download cache tests.
final class LocalServer: @unchecked Sendable {
    let socket: Int32
    let port: UInt16
    let body: String
    private(set) var requests = 0

    init(body: String) throws {
        self.body = body
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
        }
        listen(fd, 8)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        socket = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(socket, nil, nil)
                if client < 0 { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)
                requests += 1
                let bytes = Array(body.utf8)
                let reply =
                    "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
                _ = (Array(reply.utf8) + bytes).withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count) }
                close(client)
            }
        }
    }

    func stop() { shutdown(socket, Int32(SHUT_RDWR)); close(socket) }
}

/// `pd.read_csv` of URLs through the cache at `<cache>/<host>/<path>`.
final class PandasBindingTests: XCTestCase {
    var cache: URL!

    override func setUp() {
        cache = FileManager.default.temporaryDirectory.appendingPathComponent("nn-cache-\(UUID().uuidString)")
        setenv("NN_CACHE_DIR", cache.path, 1)
    }

    override func tearDown() {
        unsetenv("NN_CACHE_DIR")
        try? FileManager.default.removeItem(at: cache)
    }

    func testMissDownloadsAndStoresThenHitUsesTheCache() throws {
        let server = try LocalServer(body: "온도,판매량\n20,40\n21,42\n")
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/blackdew/csv/lemonade.csv"
        let code = "import pandas as pd\ndf = pd.read_csv('\(url)')\nprint(df.shape, list(df.columns))\n"
        XCTAssertEqual(NNLangTests.run(code).output, "(2, 2) ['온도', '판매량']\n")
        XCTAssertEqual(server.requests, 1)
        let stored = cache.appendingPathComponent("127.0.0.1/blackdew/csv/lemonade.csv")
        XCTAssertEqual(try String(contentsOf: stored, encoding: .utf8), "온도,판매량\n20,40\n21,42\n")
        XCTAssertEqual(NNLangTests.run(code).output, "(2, 2) ['온도', '판매량']\n")
        XCTAssertEqual(server.requests, 1, "a cached file is read without asking the server")
    }

    func testOfflineUsesAPrefilledCache() throws {
        // Nothing listens on this port; the file was copied into the cache by hand.
        let folder = cache.appendingPathComponent("raw.githubusercontent.com/blackdew/tensorflow1/master/csv")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "a,b\n1,2\n".write(to: folder.appendingPathComponent("lemonade.csv"), atomically: true, encoding: .utf8)
        let code =
            "import pandas as pd\nprint(pd.read_csv('https://raw.githubusercontent.com/blackdew/tensorflow1/master/csv/lemonade.csv').shape)\n"
        XCTAssertEqual(NNLangTests.run(code).output, "(1, 2)\n")
    }

    func testUnreachableWithoutCacheIsAClearError() {
        let line = errorLine("import pandas as pd\npd.read_csv('http://127.0.0.1:9/nothing.csv')\n")
        XCTAssertTrue(line.hasPrefix("OSError: <urlopen error"), line)
        XCTAssertTrue(line.contains("copy the file to"), line)
    }
}
