import NNImage
import XCTest

final class PNGTests: XCTestCase {
    func testEncodedPixelsDecodeToTheSamePixelsForEachChannelCount() throws {
        for channels in 1...4 {
            let pixels = (0..<(5 * 3 * channels)).map { UInt8(($0 * 37) % 256) }
            let image = PNG.Image(pixels: pixels, height: 5, width: 3, channels: channels)
            let bytes = try PNG.encode(image)
            XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            XCTAssertEqual(try PNG.decode(bytes), image)
            XCTAssertEqual(try PNG.info(bytes).channels, channels)
        }
    }

    func testGreyPixelsDecodeAsRGBWhenAskedFor() throws {
        let grey = PNG.Image(pixels: [0, 128, 255, 7], height: 2, width: 2, channels: 1)
        let rgb = try PNG.decode(try PNG.encode(grey), channels: 3)
        XCTAssertEqual(rgb.pixels, [0, 0, 0, 128, 128, 128, 255, 255, 255, 7, 7, 7])
    }

    func testBytesThatAreNotAPNGAreAnErrorWithLibpngsMessage() {
        XCTAssertThrowsError(try PNG.decode(Array("not an image".utf8))) { error in
            XCTAssertFalse("\(error)".isEmpty)
        }
        XCTAssertThrowsError(try PNG.decode([]))
    }
}

final class JPEGTests: XCTestCase {
    func testJPEGsDecodeCloseToWhatWasEncoded() throws {
        // A smooth gradient survives JPEG's compression within a few levels.
        let pixels = (0..<(16 * 16 * 3)).map { (i: Int) -> UInt8 in
            let column = i / 3 % 16, row = i / 48
            return UInt8(column * 8 + row * 4)
        }
        let image = PNG.Image(pixels: pixels, height: 16, width: 16, channels: 3)
        let bytes = try JPEG.encode(image, quality: 95)
        XCTAssertTrue(JPEG.isJPEG(bytes))
        let decoded = try JPEG.decode(bytes)
        XCTAssertEqual(decoded.channels, 3)
        XCTAssertEqual(decoded.width, 16)
        let error = zip(decoded.pixels, pixels).map { (a: UInt8, b: UInt8) -> Int in abs(Int(a) - Int(b)) }.max()
        XCTAssertLessThan(error ?? 99, 12)
        XCTAssertEqual(try JPEG.decode(bytes, channels: 1).pixels.count, 256)
        XCTAssertThrowsError(try JPEG.decode([0xFF, 0xD8, 0xFF, 0x00]))
    }
}
